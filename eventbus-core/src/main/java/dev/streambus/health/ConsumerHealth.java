package dev.streambus.health;

import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.EventConsumer;
import dev.streambus.metrics.BacklogReading;
import dev.streambus.metrics.StreamBacklog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The health of one {@link EventConsumer}: its {@link EventConsumer#state() state} (starting, running, degraded or
 * failed by permanent Redis errors, stopped), degraded further when
 * <ul>
 *   <li>its Redis round trips failed recently (transient errors: Redis unreachable, timeouts;
 *       {@link HealthReport.Kind#REDIS_ERROR}): the consumer told a {@link ConsumerEvent.RedisError} within twice its
 *       {@code maxBackoff} ({@link RecentRedisErrors}; it retries at least that often while Redis fails), or the
 *       backlog could not be read;</li>
 *   <li>a stream's lag in the group is over {@code lagThreshold} entries ({@link HealthReport.Kind#LAG}), as the
 *       {@link StreamBacklog} last read it (an unknown lag never counts as over).</li>
 * </ul>
 * Details: streams, group, and per stream the lag and pending entries when known. Thread-safe.
 */
public final class ConsumerHealth {

    private final EventConsumer consumer;
    private final StreamBacklog backlog;
    private final long lagThreshold;
    private final RecentRedisErrors redisErrors;

    /**
     * Watches the consumer's events from now on ({@link EventConsumer#watch}).
     *
     * @param backlog      the consumer's backlog (e.g. {@link StreamBacklog#of}), started by the caller; null: no
     *                     lag check
     * @param lagThreshold lag (entries) above which the consumer is degraded; {@code Long.MAX_VALUE}: never
     */
    public ConsumerHealth(EventConsumer consumer, StreamBacklog backlog, long lagThreshold) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.backlog = backlog;
        if (lagThreshold < 0) {
            throw new IllegalArgumentException("lagThreshold must be >= 0, was " + lagThreshold);
        }
        this.lagThreshold = lagThreshold;
        this.redisErrors = new RecentRedisErrors(consumer.config().maxBackoff().multipliedBy(2));
        consumer.watch(redisErrors);
    }

    /** The health now (see the class). */
    public HealthReport report() {
        String group = consumer.config().group();
        String component = "consumer '" + consumer.config().consumer() + "'"
                + (group == null ? "" : " of group '" + group + "'");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", consumer.streams());
        if (group != null) {
            details.put("group", group);
        }
        HealthReport report = HealthReport.of(component, consumer.state(), details);
        if (report.status() == HealthReport.Status.STOPPED) {
            return report;
        }
        List<HealthReport.Reason> more = new ArrayList<>();
        redisErrors.reason().ifPresent(more::add);
        if (backlog != null) {
            if (backlog.lastError() != null) {
                more.add(new HealthReport.Reason(HealthReport.Kind.REDIS_ERROR, null,
                        "reading the backlog failed: " + backlog.lastError()));
            }
            for (BacklogReading r : backlog.latest().values()) {
                OptionalLong lag = r.lag();
                if (lag.isPresent()) {
                    details.put("lag." + r.stream(), lag.getAsLong());
                }
                if (r.groupExists()) {
                    details.put("pending." + r.stream(), r.pending());
                }
                if (lag.isPresent() && lag.getAsLong() > lagThreshold) {
                    more.add(new HealthReport.Reason(HealthReport.Kind.LAG, r.stream(), "lag of '" + r.stream()
                            + "' is " + lag.getAsLong() + " entries (threshold " + lagThreshold + ")"));
                }
            }
        }
        return new HealthReport(report.component(), report.status(), report.reasons(), details).degradedBy(more);
    }
}
