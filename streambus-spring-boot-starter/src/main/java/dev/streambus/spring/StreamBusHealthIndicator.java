package dev.streambus.spring;

import dev.streambus.consume.ConsumerState;
import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Health of one consumer or projection: DOWN while Redis does not answer PING within
 * {@code streambus.health.redis-timeout}, or while its {@link ConsumerState} is {@code FAILED} or {@code STOPPED};
 * else UP, a {@code DEGRADED} state (some streams or steps fail with a permanent error) included. Details: {@code redis}
 * ({@code "ok"} or why not), {@code state} and {@code problems} (step, stream and Redis's reply).
 */
public final class StreamBusHealthIndicator implements HealthIndicator {

    private final Supplier<ConsumerState> state;
    private final RedissonClient redisson;
    private final Duration redisTimeout;

    /** @param state gives null when the part does not run (e.g. an application without listeners) */
    public StreamBusHealthIndicator(Supplier<ConsumerState> state, RedissonClient redisson, Duration redisTimeout) {
        this.state = state;
        this.redisson = redisson;
        this.redisTimeout = redisTimeout;
    }

    @Override
    public Health health() {
        String redisProblem = RedisPing.problem(redisson, redisTimeout);
        ConsumerState current = state.get();
        boolean down = redisProblem != null || (current != null
                && (current.status() == ConsumerState.Status.FAILED || current.status() == ConsumerState.Status.STOPPED));
        Health.Builder health = Health.status(down ? Status.DOWN : Status.UP)
                .withDetail("redis", redisProblem == null ? "ok" : redisProblem)
                .withDetail("state", current == null ? "not running (no listeners)" : current.status().name());
        if (current != null && !current.problems().isEmpty()) {
            health.withDetail("problems", current.reason());
        }
        return health.build();
    }
}
