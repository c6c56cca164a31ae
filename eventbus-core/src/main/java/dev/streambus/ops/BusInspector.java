package dev.streambus.ops;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.redis.XinfoLua;
import dev.streambus.redis.connect.RedisOperationException;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * A read-only operations view of streams, consumer groups, consumers and dead letters.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Never writes, and never uses KEYS: discovery is SCAN with {@code TYPE stream}.</li>
 *   <li>Each stream's length, last id, groups and consumers come from one server-side script, so they are one
 *       consistent snapshot; all requested streams (and their dead-letter lengths) are read in one round trip.</li>
 *   <li>Unknown is never reported as 0: XINFO's {@code lag} and {@code entries-read} (nil after XDEL/trimming
 *       inside the undelivered range; absent before Redis 7.0) and {@code inactive} (absent before Redis 7.2) are
 *       {@link OptionalLong#empty()} when Redis did not give a number. XINFO is read raw, not through Redisson's
 *       {@code listGroups()}, which decodes a nil lag as 0 and counts in {@code int}.</li>
 * </ul>
 * Needs the {@code EVAL} permission ({@code +@scripting}) besides the stream read commands.
 */
public final class BusInspector {

    /**
     * Returns {@code {1, length, last-id, ngroups, [name, consumers, pending, last-delivered-id, entries-read, lag,
     * nconsumers, [name, pending, idle, inactive]...]...}}, or {@code {0}} when the key does not exist. Unknown
     * numbers (nil or missing) are returned as -1 (never a real value of these counters).
     */
    private static final String STATUS_SCRIPT = XinfoLua.FUNCTIONS + """
            local kind = redis.call('TYPE', KEYS[1]).ok
            if kind == 'none' then return {0} end
            if kind ~= 'stream' then
              return redis.error_reply('WRONGTYPE key ' .. KEYS[1] .. ' holds a ' .. kind .. ', not a stream')
            end
            local out = {1}
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            out[#out + 1] = get(info, 'length')
            out[#out + 1] = get(info, 'last-generated-id')
            local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
            out[#out + 1] = #groups
            for _, g in ipairs(groups) do
              local name = get(g, 'name')
              out[#out + 1] = name
              out[#out + 1] = get(g, 'consumers')
              out[#out + 1] = get(g, 'pending')
              out[#out + 1] = get(g, 'last-delivered-id')
              out[#out + 1] = num(get(g, 'entries-read'))
              out[#out + 1] = num(get(g, 'lag'))
              local consumers = redis.call('XINFO', 'CONSUMERS', KEYS[1], name)
              out[#out + 1] = #consumers
              for _, c in ipairs(consumers) do
                out[#out + 1] = get(c, 'name')
                out[#out + 1] = get(c, 'pending')
                out[#out + 1] = get(c, 'idle')
                out[#out + 1] = num(get(c, 'inactive'))
              end
            end
            return out""";

    /**
     * KEYS none; ARGV cursor, match, wanted, suffix, scans. SCANs (TYPE stream) until {@code wanted} names are found or
     * {@code scans} calls were made or the scan is complete; returns {nextCursor, name...} without dead-letter streams.
     */
    private static final String PAGE_SCRIPT = """
            local cursor, found, wanted, suffix = ARGV[1], {}, tonumber(ARGV[3]), ARGV[4]
            for _ = 1, tonumber(ARGV[5]) do
              local reply = redis.call('SCAN', cursor, 'MATCH', ARGV[2], 'COUNT', wanted, 'TYPE', 'stream')
              cursor = reply[1]
              for _, key in ipairs(reply[2]) do
                if #key < #suffix or string.sub(key, -#suffix) ~= suffix then found[#found + 1] = key end
              end
              if cursor == '0' or #found >= wanted then break end
            end
            table.insert(found, 1, cursor)
            return found""";

    /** SCAN calls one {@link #streamPage} makes at most (each looks at about {@code wanted} keys). */
    public static final int PAGE_SCANS = 25;

    /**
     * One page of stream names.
     *
     * @param streams    names found, sorted (about the wanted count; SCAN may give a few more)
     * @param nextCursor where the next page starts; {@code 0} when the keyspace was walked to the end
     */
    public record StreamPage(List<String> streams, String nextCursor) {
        /** Copies the names. */
        public StreamPage {
            streams = List.copyOf(streams);
        }

        public boolean complete() {
            return "0".equals(nextCursor);
        }
    }

    private final RedissonClient redisson;
    private final DeadLetterKeys deadLetterKeys;

    /** An inspector for dead letters under the default suffix {@value RedisDeadLetters#DEFAULT_SUFFIX}. */
    public BusInspector(RedissonClient redisson) {
        this(redisson, RedisDeadLetters.DEFAULT_SUFFIX);
    }

    /** An inspector for dead letters named by {@link DeadLetterKeys} with this suffix (legacy streams counted). */
    public BusInspector(RedissonClient redisson, String deadLetterSuffix) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.deadLetterKeys = new DeadLetterKeys(deadLetterSuffix);
    }

    /**
     * The status of each stream, in the given order; a missing key gives {@code exists() == false}.
     *
     * @throws RedisOperationException if Redis refused (e.g. a key holds another type, or the ACL user lacks a
     *                                 permission): one line naming the streams and Redis's error, Redisson's original
     *                                 exception as the cause
     */
    public List<StreamStatus> status(Collection<String> streams) {
        List<String> names = List.copyOf(streams);
        if (names.isEmpty()) {
            return List.of();
        }
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        List<RFuture<List<Object>>> scripts = new ArrayList<>(names.size());
        List<List<RFuture<Long>>> deadCounts = new ArrayList<>(names.size());
        for (String stream : names) {
            scripts.add(batch.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_ONLY, STATUS_SCRIPT,
                    RScript.ReturnType.LIST, List.of(stream)));
            deadCounts.add(deadLetterKeys.all(stream).stream()
                    .map(key -> batch.getStream(key, StringCodec.INSTANCE).sizeAsync()).toList());
        }
        try {
            batch.execute();
        } catch (RuntimeException e) {
            throw RedisOperationException.failed("reading the status of " + (names.size() == 1
                    ? "stream '" + names.get(0) + "'" : "streams " + names), e);
        }
        List<StreamStatus> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            long dead = deadCounts.get(i).stream().mapToLong(count -> count.toCompletableFuture().join()).sum();
            out.add(parse(names.get(i), scripts.get(i).toCompletableFuture().join(), dead));
        }
        return out;
    }

    /** The status of one stream. */
    public StreamStatus status(String stream) {
        return status(List.of(stream)).get(0);
    }

    /**
     * Stream keys matching the glob {@code match} (SCAN MATCH ... TYPE stream), sorted; dead-letter streams (ending
     * in the suffix) are left out, as {@link StreamStatus#deadLetters()} reports them with their source stream.
     * Like any SCAN, keys created or deleted during the scan may or may not be listed.
     */
    public List<String> discoverStreams(String match) {
        Objects.requireNonNull(match, "match");
        TreeSet<String> found = new TreeSet<>();
        for (String key : redisson.getKeys().getKeys(
                KeysScanOptions.defaults().pattern(match).type(RType.STREAM).chunkSize(500))) {
            if (!deadLetterKeys.isDeadLetterStream(key)) {
                found.add(key);
            }
        }
        return List.copyOf(found);
    }

    /**
     * One page of stream keys matching {@code match}, starting at SCAN cursor {@code cursor} ({@code 0}: the start):
     * one round trip, at most {@value #PAGE_SCANS} SCAN calls inside one read-only script, whatever the size of the
     * keyspace; dead-letter streams left out. As with any SCAN, keys created or deleted meanwhile may or may not be
     * listed, and a key may appear on two pages.
     *
     * @throws IllegalArgumentException if {@code cursor} is not a SCAN cursor or {@code wanted} is not 1..1000
     */
    public StreamPage streamPage(String match, String cursor, int wanted) {
        Objects.requireNonNull(match, "match");
        if (cursor == null || !cursor.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException("not a SCAN cursor: '" + cursor + "'");
        }
        if (wanted < 1 || wanted > 1_000) {
            throw new IllegalArgumentException("page size must be 1..1000, got " + wanted);
        }
        List<Object> reply;
        try {
            reply = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, PAGE_SCRIPT,
                    RScript.ReturnType.LIST, List.of(), cursor, match, Integer.toString(wanted), deadLetterKeys.suffix(),
                    Integer.toString(PAGE_SCANS));
        } catch (RuntimeException e) {
            throw RedisOperationException.failed("listing streams matching '" + match + "'", e);
        }
        TreeSet<String> names = new TreeSet<>();
        reply.subList(1, reply.size()).forEach(name -> names.add(String.valueOf(name)));
        return new StreamPage(List.copyOf(names), String.valueOf(reply.get(0)));
    }

    private static StreamStatus parse(String stream, List<?> reply, long deadLetters) {
        Reply r = new Reply(reply);
        if (r.nextLong() == 0) {
            return new StreamStatus(stream, false, 0, "0-0", deadLetters, List.of());
        }
        long length = r.nextLong();
        String lastId = r.nextString();
        int groupCount = (int) r.nextLong();
        List<GroupStatus> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            String name = r.nextString();
            long consumerCount = r.nextLong();
            long pending = r.nextLong();
            String lastDelivered = r.nextString();
            OptionalLong entriesRead = r.nextOptional();
            OptionalLong lag = r.nextOptional();
            int listed = (int) r.nextLong();
            List<ConsumerStatus> consumers = new ArrayList<>(listed);
            for (int c = 0; c < listed; c++) {
                consumers.add(new ConsumerStatus(r.nextString(), r.nextLong(), r.nextLong(), r.nextOptional()));
            }
            groups.add(new GroupStatus(name, consumerCount, pending, lastDelivered, entriesRead, lag, consumers));
        }
        return new StreamStatus(stream, true, length, lastId, deadLetters, groups);
    }

    /** Reads the script's flat reply in order: integers arrive as Long, strings as String. */
    private static final class Reply {
        private final List<?> items;
        private int next;

        Reply(List<?> items) {
            this.items = items;
        }

        String nextString() {
            return String.valueOf(items.get(next++));
        }

        long nextLong() {
            Object value = items.get(next++);
            return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
        }

        /** -1 (the script's "unknown") becomes empty. */
        OptionalLong nextOptional() {
            long value = nextLong();
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }
}
