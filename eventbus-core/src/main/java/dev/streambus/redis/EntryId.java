package dev.streambus.redis;

import org.redisson.api.stream.StreamMessageId;

import java.util.Comparator;

/**
 * A stream entry id ({@code <ms>-<seq>}) as a value: two numbers ordered as Redis orders ids (milliseconds, then
 * sequence). The projections store it as two BIGINT columns, so {@code ORDER BY ms, seq} agrees with Redis. The static
 * methods convert the forms ids travel in elsewhere: the {@code ms-seq} text (how the bus passes ids around) and
 * Redisson's {@link StreamMessageId}.
 *
 * @param ms  milliseconds part: when Redis stored the entry (below 2^63 for every real id)
 * @param seq sequence part
 */
public record EntryId(long ms, long seq) implements Comparable<EntryId> {

    /** Orders id strings as Redis does: by milliseconds, then sequence (parsed in place, nothing allocated). */
    public static final Comparator<String> ORDER = EntryId::compare;

    /** The id before every real entry, as text. */
    public static final String ZERO = "0-0";

    /** The id before every real entry ({@code 0-0}). */
    public static final EntryId MIN = new EntryId(0, 0);

    /** Parses {@code ms-seq} (or {@code ms}); rejects anything else with a message naming the value. */
    public static EntryId of(String id) {
        return new EntryId(part(id, false), part(id, true));
    }

    /** Parses {@code ms-seq} (or {@code ms}) into Redisson's id; rejects anything else naming the value. */
    public static StreamMessageId parse(String id) {
        return new StreamMessageId(part(id, false), part(id, true));
    }

    private static int compare(String a, String b) {
        int byMillis = Long.compareUnsigned(part(a, false), part(b, false));
        return byMillis != 0 ? byMillis : Long.compareUnsigned(part(a, true), part(b, true));
    }

    /** The milliseconds or sequence part of {@code ms-seq} (or {@code ms}: sequence 0). */
    private static long part(String id, boolean sequence) {
        try {
            int dash = id.indexOf('-');
            if (dash < 0) {
                return sequence ? 0 : Long.parseUnsignedLong(id);
            }
            return sequence ? Long.parseUnsignedLong(id, dash + 1, id.length(), 10)
                    : Long.parseUnsignedLong(id, 0, dash, 10);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stream entry id: '" + id + "'", e);
        }
    }

    /** The first id strictly after {@code id}: the start of an exclusive range (XRANGE, XPENDING). */
    public static StreamMessageId successor(StreamMessageId id) {
        return id.getId1() == -1L ? new StreamMessageId(id.getId0() + 1, 0)
                : new StreamMessageId(id.getId0(), id.getId1() + 1);
    }

    /** {@code ms-seq} of Redisson's id. */
    public static String format(StreamMessageId id) {
        return id.getId0() + "-" + id.getId1();
    }

    /** Milliseconds part of an id: when Redis stored it. */
    public static long millis(String id) {
        return of(id).ms();
    }

    /** The first id strictly after this one: XRANGE start for an exclusive range. */
    public StreamMessageId next() {
        return successor(toMessageId());
    }

    /** This id as Redisson's. */
    public StreamMessageId toMessageId() {
        return new StreamMessageId(ms, seq);
    }

    /** Whether this id comes after {@code other} in the stream. */
    public boolean isAfter(EntryId other) {
        return compareTo(other) > 0;
    }

    /** Redis's order: milliseconds, then sequence (both compared unsigned, as Redis does). */
    @Override
    public int compareTo(EntryId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    /** {@code ms-seq}. */
    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
}
