package dev.streambus.ops;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.RedisException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A group's pending entries list, one page at a time (XPENDING with a start id and COUNT): never reads the whole list.
 * Read-only.
 */
public final class PendingEntries {

    /** The largest page one call may ask for. */
    public static final int MAX_PAGE = 1_000;

    private final RedisStreams streams;

    public PendingEntries(RedisStreams streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    /**
     * Up to {@code count} pending entries of {@code group} with ids after {@code afterId} (exclusive; null for the
     * start), oldest first, optionally only those of {@code consumer} (null: every consumer).
     *
     * @throws IllegalArgumentException for a malformed {@code afterId} or a count outside 1..{@value #MAX_PAGE}
     * @throws RedisException           when the stream or group does not exist (NOGROUP)
     */
    public List<PendingEntry> page(String stream, String group, String consumer, String afterId, int count) {
        if (count < 1 || count > MAX_PAGE) {
            throw new IllegalArgumentException("count must be 1.." + MAX_PAGE + ", got " + count);
        }
        StreamMessageId from = afterId == null ? StreamMessageId.MIN : EntryId.successor(EntryId.parse(afterId));
        var pending = consumer == null
                ? streams.stream(stream).listPending(group, from, StreamMessageId.MAX, count)
                : streams.stream(stream).listPending(group, consumer, from, StreamMessageId.MAX, count);
        List<PendingEntry> out = new ArrayList<>(pending.size());
        pending.forEach(p -> out.add(new PendingEntry(EntryId.format(p.getId()), p.getConsumerName(),
                p.getIdleTime(), p.getDeliveryCount())));
        return out;
    }
}
