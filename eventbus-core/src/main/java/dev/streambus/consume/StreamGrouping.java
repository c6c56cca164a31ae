package dev.streambus.consume;

import dev.streambus.redis.HashSlot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a consumer's streams are split into reader groups: each group is read by its own XREADGROUP (or XREAD) with
 * its own cursors and read-ahead, all feeding the same workers and acknowledgements. Streams keep their order within
 * a group and groups keep the order of first appearance. Pluggable: {@link EventConsumer.Builder#grouping}.
 */
@FunctionalInterface
public interface StreamGrouping {

    /** The reader groups of {@code streams}: every stream in exactly one, none empty. */
    List<List<String>> split(List<String> streams);

    /** All streams in one read: a single Redis server. */
    StreamGrouping ONE = streams -> List.of(List.copyOf(streams));

    /**
     * One group per hash slot ({@link HashSlot}): Redis Cluster serves a multi-key command only when all its keys are
     * in one slot. The default when the connection is a cluster.
     */
    StreamGrouping BY_SLOT = streams -> {
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        streams.forEach(s -> bySlot.computeIfAbsent(HashSlot.of(s), k -> new ArrayList<>()).add(s));
        return bySlot.values().stream().map(List::copyOf).toList();
    };
}
