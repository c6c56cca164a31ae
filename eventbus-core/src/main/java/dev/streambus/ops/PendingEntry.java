package dev.streambus.ops;

import java.util.Objects;

/**
 * One entry of a group's pending entries list (XPENDING, extended form).
 *
 * @param id         entry id
 * @param consumer   consumer that holds it
 * @param idleMillis milliseconds since it was last delivered
 * @param deliveries times it was delivered
 */
public record PendingEntry(String id, String consumer, long idleMillis, long deliveries) {

    /** Validates. */
    public PendingEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(consumer, "consumer");
    }
}
