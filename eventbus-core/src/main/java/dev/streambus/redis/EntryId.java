package dev.streambus.redis;

import org.redisson.api.stream.StreamMessageId;

import java.util.Comparator;

/** Conversions and ordering for stream entry ids ({@code <ms>-<seq>}). */
public final class EntryId {

    /** Orders id strings as Redis does: by milliseconds, then sequence (parsed in place, nothing allocated). */
    public static final Comparator<String> ORDER = EntryId::compare;

    /** The id before every real entry. */
    public static final String ZERO = "0-0";

    private EntryId() {
    }

    /** Parses {@code ms-seq} (or {@code ms}); rejects anything else with a message naming the value. */
    public static StreamMessageId parse(String id) {
        try {
            int dash = id.indexOf('-');
            if (dash < 0) {
                return new StreamMessageId(Long.parseUnsignedLong(id), 0);
            }
            return new StreamMessageId(Long.parseUnsignedLong(id.substring(0, dash)),
                    Long.parseUnsignedLong(id.substring(dash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stream entry id: '" + id + "'", e);
        }
    }

    private static int compare(String a, String b) {
        int byMillis = Long.compare(part(a, false), part(b, false));
        return byMillis != 0 ? byMillis : Long.compare(part(a, true), part(b, true));
    }

    /** The milliseconds or sequence part of {@code ms-seq} (or {@code ms}: sequence 0), as {@link #parse} reads it. */
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

    public static String format(StreamMessageId id) {
        return id.getId0() + "-" + id.getId1();
    }

    /** Milliseconds part of an id: when Redis stored it. */
    public static long millis(String id) {
        return parse(id).getId0();
    }
}
