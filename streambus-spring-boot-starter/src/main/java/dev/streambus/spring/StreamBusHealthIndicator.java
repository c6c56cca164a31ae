package dev.streambus.spring;

import dev.streambus.health.HealthReport;
import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Actuator health of one consumer or projection, from its {@link HealthReport}: DOWN while Redis does not answer
 * PING within {@code streambus.health.redis-timeout}, or while the report is {@code FAILED} or {@code STOPPED}; else
 * UP, a {@code DEGRADED} report included (some streams or steps failing, recent Redis errors, lag over the threshold).
 * Details: {@code redis} ({@code "ok"} or why not), {@code state}, {@code reasons} when there are any, and the
 * report's own details (streams, group, lag and pending per stream, ...).
 */
public final class StreamBusHealthIndicator implements HealthIndicator {

    private final Supplier<HealthReport> report;
    private final RedissonClient redisson;
    private final Duration redisTimeout;

    /** @param report gives null while the part does not run (e.g. an application without listeners) */
    public StreamBusHealthIndicator(Supplier<HealthReport> report, RedissonClient redisson, Duration redisTimeout) {
        this.report = report;
        this.redisson = redisson;
        this.redisTimeout = redisTimeout;
    }

    @Override
    public Health health() {
        String redisProblem = RedisPing.problem(redisson, redisTimeout);
        HealthReport current = report.get();
        boolean down = redisProblem != null || (current != null
                && (current.status() == HealthReport.Status.FAILED || current.status() == HealthReport.Status.STOPPED));
        Health.Builder health = Health.status(down ? Status.DOWN : Status.UP)
                .withDetail("redis", redisProblem == null ? "ok" : redisProblem)
                .withDetail("state", current == null ? "not running (no listeners)" : current.status().name());
        if (current != null) {
            if (!current.reasons().isEmpty()) {
                health.withDetail("reasons", current.reason());
            }
            health.withDetails(current.details());
        }
        return health.build();
    }
}
