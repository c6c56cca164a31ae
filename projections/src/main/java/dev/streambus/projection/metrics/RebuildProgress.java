package dev.streambus.projection.metrics;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.progress.ProgressListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static dev.streambus.metrics.MeterNames.PROJECTION_REBUILD_PROGRESS;
import static dev.streambus.metrics.MeterNames.TAG_PHASE;
import static dev.streambus.metrics.MeterNames.TAG_PROJECTION;

/**
 * A {@link ProgressListener} that shows replay progress as the gauge {@value
 * dev.streambus.metrics.MeterNames#PROJECTION_REBUILD_PROGRESS} (0 to 1; tags {@code projection}, {@code phase}:
 * {@code rebuild} or {@code catch-up}), then passes each report on. Give it to
 * {@link dev.streambus.projection.RunnerConfig.Builder#progressListener}; it reports as often as the runner's
 * {@code progressInterval}, and 1 once a replay finished.
 */
public final class RebuildProgress implements ProgressListener {

    private final MeterRegistry registry;
    private final ProgressListener next;
    private final Map<String, AtomicReference<Progress>> byPhase = new ConcurrentHashMap<>();

    /** @param next receives every report afterwards (e.g. {@link ProgressListener#logging()}) */
    public RebuildProgress(MeterRegistry registry, ProgressListener next) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void onProgress(Progress progress) {
        byPhase.computeIfAbsent(progress.projection() + "\u0000" + progress.phase(), key -> {
            AtomicReference<Progress> last = new AtomicReference<>();
            Gauge.builder(PROJECTION_REBUILD_PROGRESS, last, RebuildProgress::ratio)
                    .description("Progress of the projection's running or last replay, 0 to 1")
                    .tags(TAG_PROJECTION, progress.projection(), TAG_PHASE, progress.phase()).register(registry);
            return last;
        }).set(progress);
        next.onProgress(progress);
    }

    private static double ratio(AtomicReference<Progress> last) {
        Progress p = last.get();
        return p == null ? Double.NaN : p.percent() / 100.0;
    }
}
