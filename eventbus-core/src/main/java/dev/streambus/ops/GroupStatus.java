package dev.streambus.ops;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One consumer group of a stream (XINFO GROUPS), with its consumers (XINFO CONSUMERS).
 *
 * @param name            group name
 * @param consumerCount   consumers Redis knows in the group
 * @param pending         entries delivered but not acknowledged (the PEL size)
 * @param lastDeliveredId id of the last entry delivered to the group
 * @param entriesRead     logical read counter; empty before Redis 7.0 and when Redis does not know it
 * @param lag             entries not yet delivered to the group; <b>empty when Redis reports it as unknown</b> (nil
 *                        after XDEL or trimming inside the undelivered range, or before Redis 7.0) — never a
 *                        made-up 0
 * @param consumers       the group's consumers, in Redis's order
 */
public record GroupStatus(String name, long consumerCount, long pending, String lastDeliveredId,
                          OptionalLong entriesRead, OptionalLong lag, List<ConsumerStatus> consumers) {

    /** Copies {@code consumers}. */
    public GroupStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastDeliveredId, "lastDeliveredId");
        Objects.requireNonNull(entriesRead, "entriesRead");
        Objects.requireNonNull(lag, "lag");
        consumers = List.copyOf(consumers);
    }
}
