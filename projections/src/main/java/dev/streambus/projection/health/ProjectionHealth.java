package dev.streambus.projection.health;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.consume.ConsumerState;
import dev.streambus.health.HealthReport;
import dev.streambus.health.RecentRedisErrors;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.metrics.ProjectionMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one {@link ProjectionRunner}: its {@link ProjectionRunner#state() state} (running, degraded or failed
 * by permanent Redis errors, {@code FAILED} with the error when it stopped on one, {@code STOPPED}), degraded when a
 * stream's checkpoint lag ({@link ProjectionMetrics}) is over {@code lagThreshold} or the lag could not be read, and
 * while its live loop's Redis round trips failed recently ({@link RecentRedisErrors}: told by its events within twice
 * the loop's back-off cap, {@link ProjectionRunner#LIVE_MAX_BACKOFF}).
 * Details: projection, group, applied entries, checkpoint lag per stream (ms).
 */
public final class ProjectionHealth {

    private final ProjectionRunner runner;
    private final ProjectionMetrics metrics;
    private final Duration lagThreshold;
    private final RecentRedisErrors redisErrors = new RecentRedisErrors(
            ProjectionRunner.LIVE_MAX_BACKOFF.multipliedBy(2));

    /**
     * Watches the runner's live loop from now on ({@link ProjectionRunner#watch}).
     *
     * @param metrics      the runner's metrics, started by the caller; null: no lag check
     * @param lagThreshold checkpoint lag above which the projection is degraded
     */
    public ProjectionHealth(ProjectionRunner runner, ProjectionMetrics metrics, Duration lagThreshold) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.metrics = metrics;
        this.lagThreshold = Objects.requireNonNull(lagThreshold, "lagThreshold");
        runner.watch(redisErrors);
    }

    public HealthReport report() {
        ConsumerState state = runner.state();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("projection", runner.projection().name());
        if (runner.group() != null) {
            details.put("group", runner.group());
        }
        details.put("applied", runner.appliedCount());
        String component = "projection '" + runner.projection().name() + "'";
        HealthReport report = HealthReport.of(component, state, details);
        if (!runner.isRunning()) {
            if (runner.failure() == null) {
                return report;
            }
            return new HealthReport(component, HealthReport.Status.FAILED, List.of(new HealthReport.Reason(
                    HealthReport.Kind.STOPPED_BY_ERROR, null, ErrorText.message(runner.failure()))),
                    details);
        }
        List<HealthReport.Reason> more = new ArrayList<>();
        redisErrors.reason().ifPresent(more::add);
        if (metrics != null) {
            if (metrics.lastError() != null) {
                more.add(new HealthReport.Reason(HealthReport.Kind.REDIS_ERROR, null,
                        "reading the streams' ends failed: " + metrics.lastError()));
            }
            metrics.checkpointLag().forEach((stream, lag) -> {
                details.put("checkpointLagMs." + stream, lag.toMillis());
                if (lag.compareTo(lagThreshold) > 0) {
                    more.add(new HealthReport.Reason(HealthReport.Kind.LAG, stream, "checkpoint of '" + stream
                            + "' is " + lag.toMillis() + " ms behind the stream (threshold "
                            + lagThreshold.toMillis() + " ms)"));
                }
            });
        }
        return new HealthReport(component, report.status(), report.reasons(), details).degradedBy(more);
    }
}
