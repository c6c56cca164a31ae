package dev.streambus.projection.metrics;

import dev.streambus.metrics.PeriodicRefresh;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.connect.RedisFailures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.streambus.metrics.MeterNames.*;

/**
 * The meters of one {@link ProjectionRunner}: {@value dev.streambus.metrics.MeterNames#PROJECTION_APPLIED} (entries
 * applied) and, for projections of integration streams, {@value
 * dev.streambus.metrics.MeterNames#PROJECTION_CHECKPOINT_LAG} per stream: how far the checkpoint is behind the
 * stream's last entry, as the time between their ids (0 when caught up; unknown, NaN, before the first refresh, while
 * Redis cannot be read, or for a stream that does not exist). The streams' last ids come from one script call every
 * {@code interval} once {@link #start()}ed. Entity-stream projections get no lag gauge (one per entity would be
 * unbounded). Replay progress: {@link RebuildProgress}.
 */
public final class ProjectionMetrics implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

    /** KEYS: streams. Returns each stream's last-generated-id, or '' when it is not a stream. */
    private static final String LAST_IDS = """
            local out = {}
            for i = 1, #KEYS do
              if redis.call('TYPE', KEYS[i]).ok == 'stream' then
                local info = redis.call('XINFO', 'STREAM', KEYS[i])
                local id = ''
                for j = 1, #info, 2 do
                  if info[j] == 'last-generated-id' then id = info[j + 1] end
                end
                out[#out + 1] = id
              else
                out[#out + 1] = ''
              end
            end
            return out""";

    private final ProjectionRunner runner;
    private final RedissonClient redisson;
    private final List<String> streams;
    private final PeriodicRefresh refresher;
    private final AtomicReference<Map<String, Duration>> lags = new AtomicReference<>(Map.of());
    private volatile String lastError;

    /** @param interval how often the checkpoint lag is refreshed once started */
    public ProjectionMetrics(ProjectionRunner runner, RedissonClient redisson, Duration interval) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.refresher = new PeriodicRefresh("streambus-projection-metrics-" + runner.projection().name(), interval,
                this::refresh);
        this.streams = runner.projection().readsEntityStreams() ? List.of()
                : List.copyOf(runner.projection().eventNames());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String name = runner.projection().name();
        FunctionCounter.builder(PROJECTION_APPLIED, runner, ProjectionRunner::appliedCount)
                .description("Entries applied by the projection").baseUnit("entries").tag(TAG_PROJECTION, name)
                .register(registry);
        for (String stream : streams) {
            TimeGauge.builder(PROJECTION_CHECKPOINT_LAG, lags, TimeUnit.MILLISECONDS, l -> {
                        Duration lag = l.get().get(stream);
                        return lag == null ? Double.NaN : lag.toMillis();
                    }).description("Time between the checkpoint's entry and the stream's last entry")
                    .tags(TAG_PROJECTION, name, TAG_STREAM, stream).register(registry);
        }
    }

    /** Refreshes the checkpoint lag every {@code interval} on a daemon thread, starting now. Idempotent. */
    public ProjectionMetrics start() {
        if (!streams.isEmpty()) {
            refresher.start();
        }
        return this;
    }

    @Override
    public void close() {
        refresher.close();
    }

    /** The checkpoint lag per stream as last refreshed (streams that do not exist are left out). */
    public Map<String, Duration> checkpointLag() {
        return lags.get();
    }

    /** Why the last refresh failed, or null. */
    public String lastError() {
        return lastError;
    }

    /** Reads the streams' last ids now (one script call) and recomputes the lag against the checkpoints. */
    public Map<String, Duration> refresh() {
        if (streams.isEmpty()) {
            return Map.of();
        }
        try {
            List<Object> keys = new ArrayList<>(streams);
            List<?> lastIds = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY, LAST_IDS,
                    RScript.ReturnType.LIST, keys);
            Map<String, EntryId> checkpoints = runner.lastCheckpoints();
            Map<String, Duration> out = new LinkedHashMap<>();
            for (int i = 0; i < streams.size(); i++) {
                String last = String.valueOf(lastIds.get(i));
                if (last.isEmpty()) {
                    continue;
                }
                EntryId end = EntryId.of(last);
                EntryId at = checkpoints.getOrDefault(streams.get(i), EntryId.MIN);
                long millis = at.compareTo(end) >= 0 ? 0 : Math.max(0, end.ms() - at.ms());
                out.put(streams.get(i), Duration.ofMillis(millis));
            }
            lags.set(Map.copyOf(out));
            lastError = null;
            return lags.get();
        } catch (RuntimeException e) {
            lags.set(Map.of());
            String reason = RedisFailures.describe(e);
            if (!reason.equals(lastError)) {
                log.warn("projection '{}': reading the streams' ends failed (checkpoint lag unknown): {}",
                        runner.projection().name(), reason);
            }
            lastError = reason;
            throw e;
        }
    }
}
