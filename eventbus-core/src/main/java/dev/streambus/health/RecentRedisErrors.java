package dev.streambus.health;

import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.ConsumerEvents;

import java.time.Duration;
import java.util.Optional;

/**
 * Watches a reader's {@link ConsumerEvent.RedisError}s (a consumer's or a projection's live loop) for a health check:
 * reports the failed Redis round trips while the last one is at most {@code window} old, or, when a round trip takes
 * longer than that to fail (Redis unreachable), while errors came since the previous check and for {@code window}
 * after it. Thread-safe.
 */
public final class RecentRedisErrors implements ConsumerEvents {

    private final long windowNanos;
    private long episodeErrors;
    private long lastErrorNanos;
    private long lastSeenNanos;
    private boolean unseen;

    /** @param window how long an error counts as recent (e.g. twice the back-off cap: retries come at least that often) */
    public RecentRedisErrors(Duration window) {
        this.windowNanos = window.toNanos();
    }

    @Override
    public synchronized void on(ConsumerEvent event) {
        if (event instanceof ConsumerEvent.RedisError) {
            episodeErrors++;
            lastErrorNanos = System.nanoTime();
            unseen = true;
        }
    }

    /** A {@link HealthReport.Kind#REDIS_ERROR} reason while the errors are recent (see the class), else empty. */
    public synchronized Optional<HealthReport.Reason> reason() {
        long now = System.nanoTime();
        if (unseen) {
            unseen = false;
            lastSeenNanos = now;
        }
        if (episodeErrors == 0) {
            return Optional.empty();
        }
        if (now - Math.max(lastErrorNanos, lastSeenNanos) > windowNanos) {
            episodeErrors = 0; // the episode is over; the next error starts a new one
            return Optional.empty();
        }
        return Optional.of(new HealthReport.Reason(HealthReport.Kind.REDIS_ERROR, null, episodeErrors
                + " failed Redis round trips, the last " + (now - lastErrorNanos) / 1_000_000 + " ms ago"));
    }
}
