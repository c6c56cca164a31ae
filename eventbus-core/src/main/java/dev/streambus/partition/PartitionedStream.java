package dev.streambus.partition;

import dev.streambus.redis.SlotKeys;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * A family of {@code partitions} streams for one event, for throughput past one Redis Cluster shard: partition
 * {@code p} is the stream {@code <event>:{<tag>.<p>}} (e.g. {@code order.placed:{orders.7}}), each in the slot of its
 * own hash tag, so the family spreads over the masters. The entries keep {@code name = <event>}, so a PHP listener
 * (which matches on {@code name}) handles them when it reads a partition stream.
 *
 * <p>An event goes to the partition of its key ({@link #partitionOf}: CRC32 of the key's UTF-8 bytes modulo
 * {@code partitions}, which PHP computes as {@code crc32($key) % $partitions}), so the events of one key (one entity)
 * stay in one stream, in publish order.
 *
 * @param event      the event name (the {@code name} field, unchanged)
 * @param tag        the hash-tag base, e.g. {@code orders}; no braces
 * @param partitions how many partition streams, at least 1
 */
public record PartitionedStream(String event, String tag, int partitions) {

    /** Validates. */
    public PartitionedStream {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("event name must not be empty");
        }
        if (tag == null || tag.isEmpty() || tag.contains("{") || tag.contains("}")) {
            throw new IllegalArgumentException("hash-tag base must be non-empty without braces, was '" + tag + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
    }

    /** The stream of partition {@code p}: {@code <event>:{<tag>.<p>}}. */
    public String stream(int p) {
        Objects.checkIndex(p, partitions);
        return event + ":{" + tag + "." + p + "}";
    }

    /** All partition streams, partition 0 first. */
    public List<String> streams() {
        return IntStream.range(0, partitions).mapToObj(this::stream).toList();
    }

    /** The partition of {@code key}: CRC32 of its UTF-8 bytes modulo {@link #partitions()}. */
    public int partitionOf(String key) {
        Objects.requireNonNull(key, "partition key");
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /** The stream the events of {@code key} go to. */
    public String streamFor(String key) {
        return stream(partitionOf(key));
    }

    /** The lease key of partition {@code p}, in the partition stream's slot ({@link PartitionLeases}). */
    public String leaseKey(int p) {
        return SlotKeys.sibling(stream(p), ":lease");
    }
}
