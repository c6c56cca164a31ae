package dev.streambus.ops;

import dev.streambus.redis.EntryId;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * XTRIM with approximate trimming ({@code MAXLEN ~} or {@code MINID ~}), and a preview of what it would remove.
 *
 * <p>The preview is bounded: it never reads more than {@value #PREVIEW_LIMIT} ids, and says when it could not tell
 * (then {@link Preview#pendingKnown()} is false). Approximate trimming removes whole radix-tree nodes only, so it
 * removes at most {@link Preview#entries()} entries (possibly none).
 */
public final class StreamTrimmer {

    /** The most ids the preview script walks. */
    public static final int PREVIEW_LIMIT = 10_000;

    /** How to trim. */
    public enum Strategy {
        /** Keep about the newest N entries. */
        MAXLEN,
        /** Remove entries with ids below the threshold id. */
        MINID
    }

    /**
     * KEYS[1] stream; ARGV strategy, threshold, limit. Returns {exists, length, toTrim, firstKept or '', toTrimCapped,
     * [group, lowestPendingId or '']...}. For MAXLEN, firstKept is found walking from whichever end is nearer, if that
     * is within the limit; for MINID it is the threshold itself.
     */
    private static final String PREVIEW = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
            local len = redis.call('XLEN', KEYS[1])
            local limit = tonumber(ARGV[3])
            local trim, firstKept, capped = 0, '', 0
            if ARGV[1] == 'MAXLEN' then
              local keep = tonumber(ARGV[2])
              trim = math.max(0, len - keep)
              if trim == 0 then firstKept = '-'
              elseif keep == 0 then firstKept = '+'
              elseif trim < limit then
                local r = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', trim + 1)
                firstKept = r[#r][1]
              elseif keep <= limit then
                local r = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', keep)
                firstKept = r[#r][1]
              end
            else
              firstKept = ARGV[2]
              local r = redis.call('XRANGE', KEYS[1], '-', '(' .. ARGV[2], 'COUNT', limit + 1)
              trim = #r
              if trim > limit then trim, capped = limit, 1 end
            end
            local out = {1, len, trim, firstKept, capped}
            for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
              local name
              for i = 1, #g, 2 do if g[i] == 'name' then name = g[i + 1] end end
              local summary = redis.call('XPENDING', KEYS[1], name)
              out[#out + 1] = name
              out[#out + 1] = summary[2] or ''
            end
            return out""";

    /**
     * What a trim would do.
     *
     * @param stream         stream key
     * @param exists         false when the stream does not exist (nothing to trim)
     * @param length         entries now
     * @param entries        entries an exact trim would remove (the approximate one removes at most this many); a
     *                       lower bound when {@code entriesCapped}
     * @param entriesCapped  true when there were more than {@value #PREVIEW_LIMIT} to count (MINID)
     * @param pendingKnown   false when the preview could not tell which entry would be the first one kept
     * @param pendingGroups  groups with pending entries that would be trimmed (their payload would be gone)
     */
    public record Preview(String stream, boolean exists, long length, long entries, boolean entriesCapped,
                          boolean pendingKnown, List<String> pendingGroups) {
        /** Copies the list. */
        public Preview {
            pendingGroups = List.copyOf(pendingGroups);
        }
    }

    private final RedissonClient redisson;

    public StreamTrimmer(RedissonClient redisson) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
    }

    /** What {@link #trim} with the same arguments would remove now. Read-only. */
    public Preview preview(String stream, Strategy strategy, String threshold) {
        String arg = validThreshold(strategy, threshold);
        List<Object> reply = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, PREVIEW,
                RScript.ReturnType.LIST, List.of(stream), strategy.name(), arg, Integer.toString(PREVIEW_LIMIT));
        if (((Number) reply.get(0)).longValue() == 0) {
            return new Preview(stream, false, 0, 0, false, true, List.of());
        }
        long length = ((Number) reply.get(1)).longValue();
        long entries = ((Number) reply.get(2)).longValue();
        String firstKept = String.valueOf(reply.get(3));
        boolean capped = ((Number) reply.get(4)).longValue() == 1;
        boolean known = !firstKept.isEmpty();
        List<String> pendingGroups = new ArrayList<>();
        for (int i = 5; i + 1 < reply.size(); i += 2) {
            String lowest = String.valueOf(reply.get(i + 1));
            if (!lowest.isEmpty() && entries > 0 && (!known || trimmed(lowest, firstKept))) {
                pendingGroups.add(String.valueOf(reply.get(i)));
            }
        }
        return new Preview(stream, true, length, entries, capped, known, pendingGroups);
    }

    /**
     * XTRIM {@code stream} {@code strategy} ~ {@code threshold}.
     *
     * @return entries removed
     * @throws IllegalArgumentException for a negative length or a malformed id (nothing is trimmed)
     */
    public long trim(String stream, Strategy strategy, String threshold) {
        String arg = validThreshold(strategy, threshold);
        Object removed = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE,
                "return redis.call('XTRIM', KEYS[1], ARGV[1], '~', ARGV[2])", RScript.ReturnType.LONG,
                List.of(stream), strategy.name(), arg);
        return ((Number) removed).longValue();
    }

    private static boolean trimmed(String lowestPending, String firstKept) {
        if ("+".equals(firstKept)) {
            return true;
        }
        return !"-".equals(firstKept) && EntryId.ORDER.compare(lowestPending, firstKept) < 0;
    }

    /** A MAXLEN is a count >= 0, a MINID an entry id; returns it in the form XTRIM takes. */
    private static String validThreshold(Strategy strategy, String threshold) {
        Objects.requireNonNull(strategy, "strategy");
        if (threshold == null || threshold.isBlank()) {
            throw new IllegalArgumentException(strategy + " needs a threshold");
        }
        if (strategy == Strategy.MINID) {
            return EntryId.format(EntryId.parse(threshold.strip()));
        }
        try {
            long keep = Long.parseLong(threshold.strip());
            if (keep >= 0) {
                return Long.toString(keep);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("MAXLEN must be a count >= 0, got '" + threshold + "'");
    }
}
