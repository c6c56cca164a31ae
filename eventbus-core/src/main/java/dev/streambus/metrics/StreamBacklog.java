package dev.streambus.metrics;

import dev.streambus.consume.EventConsumer;
import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.redis.XinfoLua;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.redis.connect.RedisOperationException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import static dev.streambus.metrics.MeterNames.*;

/**
 * Reads the backlog of some streams for one consumer group (lag, pending, oldest pending entry's age, length, dead
 * letters) from Redis in <b>one script call</b> per refresh (on Redis Cluster: one call per stream, pipelined in one
 * round trip, as the keys live in different slots), every {@code interval} once {@link #start()}ed, and exposes the
 * last reading as Micrometer gauges ({@link #bindTo}) and to health checks ({@link #latest()}).
 *
 * <p>Unknown is never reported as 0: a lag Redis does not know, and every value while the last refresh failed, is
 * NaN in the gauges (most registries then report nothing) and empty in {@link #latest()}; {@link #lastError()} says
 * why. A refresh that fails is logged at WARN when its reason changes, never on every interval. Needs
 * {@code EVAL} ({@code +@scripting}) and the stream read commands.
 */
public final class StreamBacklog implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamBacklog.class);

    /**
     * KEYS: n streams then their n dead-letter streams. ARGV[1]: group ('' for none). Returns {now-ms, then per
     * stream: exists (0 none, 1 stream, 2 another type), length, dead letters, group exists (0/1), lag (-1
     * unknown), pending, oldest pending age in ms (-1 none)}.
     */
    static final String SCRIPT = XinfoLua.FUNCTIONS + """
            local group = ARGV[1]
            local n = #KEYS / 2
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local out = {now}
            for i = 1, n do
              local key, dead = KEYS[i], KEYS[n + i]
              local deadLetters = 0
              if redis.call('TYPE', dead).ok == 'stream' then deadLetters = redis.call('XLEN', dead) end
              local kind = redis.call('TYPE', key).ok
              if kind ~= 'stream' then
                out[#out + 1] = kind == 'none' and 0 or 2
                for _, v in ipairs({0, deadLetters, 0, -1, 0, -1}) do out[#out + 1] = v end
              else
                out[#out + 1] = 1
                out[#out + 1] = redis.call('XLEN', key)
                out[#out + 1] = deadLetters
                local found = nil
                if group ~= '' then
                  for _, g in ipairs(redis.call('XINFO', 'GROUPS', key)) do
                    if get(g, 'name') == group then found = g end
                  end
                end
                if found == nil then
                  for _, v in ipairs({0, -1, 0, -1}) do out[#out + 1] = v end
                else
                  local pending = num(get(found, 'pending'))
                  local age = -1
                  if pending > 0 then
                    local oldest = redis.call('XPENDING', key, group)[2]
                    if oldest then
                      age = math.max(0, now - tonumber(string.match(oldest, '^(%d+)')))
                    end
                  end
                  out[#out + 1] = 1
                  out[#out + 1] = num(get(found, 'lag'))
                  out[#out + 1] = pending
                  out[#out + 1] = age
                end
              end
            end
            return out""";

    private final RedissonClient redisson;
    private final String group;
    private final List<String> streams;
    private final String deadLetterSuffix;
    private final PeriodicRefresh refresher;
    private final boolean perStream;
    private final AtomicReference<Map<String, BacklogReading>> latest = new AtomicReference<>(Map.of());
    private volatile String lastError;

    private StreamBacklog(Builder b) {
        this.redisson = b.redisson;
        this.group = b.group;
        this.streams = List.copyOf(b.streams);
        this.deadLetterSuffix = b.deadLetterSuffix;
        this.refresher = new PeriodicRefresh("streambus-backlog" + (group == null ? "" : "-" + group), b.interval,
                this::refresh);
        this.perStream = redisson.getConfig().isClusterConfig();
    }

    public static Builder builder(RedissonClient redisson) {
        return new Builder(redisson);
    }

    /** The backlog of a consumer's streams in its group, with its dead-letter suffix, read every {@code interval}. */
    public static StreamBacklog of(RedissonClient redisson, EventConsumer consumer, Duration interval) {
        return builder(redisson).group(consumer.config().group()).streams(consumer.streams())
                .deadLetterSuffix(consumer.config().deadLetterSuffix()).interval(interval).build();
    }

    /** The group read, or null. */
    public String group() {
        return group;
    }

    public List<String> streams() {
        return streams;
    }

    /**
     * Registers per stream {@value MeterNames#STREAM_LENGTH} and {@value MeterNames#STREAM_DEAD_LETTERS}, and with a
     * group {@value MeterNames#GROUP_LAG}, {@value MeterNames#GROUP_PENDING} and
     * {@value MeterNames#GROUP_OLDEST_PENDING_AGE}; they show the last reading (NaN while unknown).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String stream : streams) {
            gauge(registry, STREAM_LENGTH, "Entries in the stream", stream, false, r -> r.exists() ? r.length() : 0);
            gauge(registry, STREAM_DEAD_LETTERS, "Entries in the stream's dead-letter stream", stream, false,
                    BacklogReading::deadLetters);
            if (group != null) {
                gauge(registry, GROUP_LAG, "Entries not yet delivered to the group (absent while unknown)", stream,
                        true, r -> r.lag().isPresent() ? r.lag().getAsLong() : Double.NaN);
                gauge(registry, GROUP_PENDING, "Entries delivered to the group, not acknowledged", stream, true,
                        r -> r.groupExists() ? r.pending() : Double.NaN);
                TimeGauge.builder(GROUP_OLDEST_PENDING_AGE, this, TimeUnit.MILLISECONDS,
                                b -> b.value(stream, r -> !r.groupExists() ? Double.NaN
                                        : r.oldestPendingAge().map(Duration::toMillis).orElse(0L)))
                        .description("Age of the oldest entry pending in the group (0 when none)")
                        .tags(TAG_STREAM, stream, TAG_GROUP, group).register(registry);
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String stream, boolean grouped,
                       ToDoubleFunction<BacklogReading> value) {
        Gauge.Builder<StreamBacklog> builder = Gauge.builder(name, this, b -> b.value(stream, value))
                .description(description).tag(TAG_STREAM, stream);
        if (grouped) {
            builder.tag(TAG_GROUP, group);
        }
        builder.register(registry);
    }

    private double value(String stream, ToDoubleFunction<BacklogReading> value) {
        BacklogReading reading = latest.get().get(stream);
        return reading == null ? Double.NaN : value.applyAsDouble(reading);
    }

    /** Refreshes every {@code interval} on a daemon thread, starting now. Idempotent. */
    public StreamBacklog start() {
        refresher.start();
        return this;
    }

    @Override
    public void close() {
        refresher.close();
    }

    /** The last successful reading per stream; empty while the last refresh failed or none ran yet. */
    public Map<String, BacklogReading> latest() {
        return latest.get();
    }

    /** Why the last refresh failed ({@link RedisFailures#describe}), or null when it worked. */
    public String lastError() {
        return lastError;
    }

    /**
     * Reads the backlog now (one script call; see the class) and makes it the {@link #latest()} reading.
     *
     * @throws RedisOperationException when Redis refused or could not be reached; the gauges are then unknown
     */
    public Map<String, BacklogReading> refresh() {
        try {
            Map<String, BacklogReading> read = read();
            latest.set(read);
            if (lastError != null) {
                log.info("backlog of {} readable again", streams);
            }
            lastError = null;
            return read;
        } catch (RuntimeException e) {
            latest.set(Map.of());
            String reason = RedisFailures.describe(e);
            if (!reason.equals(lastError)) {
                log.warn("reading the backlog of {} failed (gauges unknown until it works): {}", streams, reason);
            }
            lastError = reason;
            throw RedisOperationException.failed("reading the backlog of streams " + streams, e);
        }
    }

    private Map<String, BacklogReading> read() {
        List<List<?>> replies = new ArrayList<>();
        if (!perStream) {
            replies.add(eval(redisson.getScript(StringCodec.INSTANCE), streams));
        } else {
            RBatch batch = redisson.createBatch(BatchOptions.defaults());
            for (String stream : streams) {
                batch.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_ONLY, SCRIPT,
                        RScript.ReturnType.LIST, keys(List.of(stream)), group == null ? "" : group);
            }
            batch.execute().getResponses().forEach(r -> replies.add((List<?>) r));
        }
        Map<String, BacklogReading> out = new LinkedHashMap<>();
        int s = 0;
        for (List<?> reply : replies) {
            Instant at = Instant.ofEpochMilli(number(reply.get(0)));
            for (int p = 1; p < reply.size(); p += 7) {
                String stream = streams.get(s++);
                long kind = number(reply.get(p));
                if (kind == 2) {
                    throw new IllegalStateException("key '" + stream + "' is not a stream");
                }
                long lag = number(reply.get(p + 4));
                long age = number(reply.get(p + 6));
                out.put(stream, new BacklogReading(stream, kind == 1, number(reply.get(p + 1)),
                        number(reply.get(p + 2)), number(reply.get(p + 3)) == 1,
                        lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag), number(reply.get(p + 5)),
                        age < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(age)), at));
            }
        }
        return Map.copyOf(out);
    }

    private List<?> eval(RScript script, List<String> of) {
        return script.eval(RScript.Mode.READ_ONLY, SCRIPT, RScript.ReturnType.LIST, keys(of),
                group == null ? "" : group);
    }

    private List<Object> keys(List<String> of) {
        List<Object> keys = new ArrayList<>(of);
        DeadLetterKeys dead = new DeadLetterKeys(deadLetterSuffix);
        of.forEach(stream -> keys.add(dead.of(stream)));  // {s}:dead (same slot as s)
        return keys;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }

    /** Assembles a {@link StreamBacklog}. */
    public static final class Builder {
        private final RedissonClient redisson;
        private String group;
        private final List<String> streams = new ArrayList<>();
        private String deadLetterSuffix = RedisDeadLetters.DEFAULT_SUFFIX;
        private Duration interval = Duration.ofSeconds(15);

        private Builder(RedissonClient redisson) {
            this.redisson = Objects.requireNonNull(redisson, "redisson");
        }

        /** The consumer group whose lag and pending entries are read; null (default): stream gauges only. */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** Streams to read (at least one). */
        public Builder streams(Collection<String> streams) {
            this.streams.addAll(streams);
            return this;
        }

        /** Dead letters of stream {@code s} are in {@code {s} + suffix} ({@link DeadLetterKeys}); default {@value RedisDeadLetters#DEFAULT_SUFFIX}. */
        public Builder deadLetterSuffix(String suffix) {
            this.deadLetterSuffix = suffix;
            return this;
        }

        /** How often {@link #start()}ed refreshes run; default 15 s. */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** The backlog reader, not started; throws {@link IllegalArgumentException} without streams. */
        public StreamBacklog build() {
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("no streams: give at least one");
            }
            if (deadLetterSuffix == null || deadLetterSuffix.isEmpty()) {
                throw new IllegalArgumentException("deadLetterSuffix must not be empty");
            }
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be a positive duration, was " + interval);
            }
            if (group != null && group.isBlank()) {
                throw new IllegalArgumentException("group must not be blank (use null for none)");
            }
            return new StreamBacklog(this);
        }
    }
}
