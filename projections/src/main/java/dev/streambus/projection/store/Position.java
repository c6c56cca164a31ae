package dev.streambus.projection.store;

import dev.streambus.redis.EntryId;
import org.redisson.api.stream.StreamMessageId;

/**
 * A stream entry id as two numbers, ordered as Redis orders ids (milliseconds, then sequence). Stored in SQL as
 * two BIGINT columns, so {@code ORDER BY ms, seq} and range predicates agree with Redis.
 *
 * @param ms  milliseconds part (below 2^63 for every real id)
 * @param seq sequence part
 */
public record Position(long ms, long seq) implements Comparable<Position> {

    /** Before every real entry ({@code 0-0}). */
    public static final Position ZERO = new Position(0, 0);

    /** Parses {@code ms-seq} (or {@code ms}). */
    public static Position parse(String entryId) {
        StreamMessageId id = EntryId.parse(entryId);
        return new Position(id.getId0(), id.getId1());
    }

    /** The first id strictly after this one: XRANGE start for an exclusive range. */
    public StreamMessageId next() {
        return EntryId.successor(toMessageId());
    }

    public StreamMessageId toMessageId() {
        return new StreamMessageId(ms, seq);
    }

    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Position o) {
        int c = Long.compare(ms, o.ms);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return ms + "-" + seq;
    }
}
