package dev.streambus.health;

import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.ConsumerEvents;

import java.time.Duration;
import java.util.Optional;

/**
 * Watches a reader's {@link ConsumerEvent.RedisError}s (a consumer's or a projection's live loop) for a health check:
 * the failed Redis round trips of the current episode (errors less than {@code window} apart), reported while the last
 * one is at most {@code window} old. Thread-safe.
 */
public final class RecentRedisErrors implements ConsumerEvents {

    private final long windowNanos;
    private long episodeErrors;
    private long lastErrorNanos;

    /** @param window how long an error counts as recent (e.g. twice the back-off cap: retries come at least that often) */
    public RecentRedisErrors(Duration window) {
        this.windowNanos = window.toNanos();
    }

    @Override
    public synchronized void on(ConsumerEvent event) {
        if (event instanceof ConsumerEvent.RedisError) {
            long now = System.nanoTime();
            if (episodeErrors == 0 || now - lastErrorNanos > windowNanos) {
                episodeErrors = 0; // a new episode
            }
            episodeErrors++;
            lastErrorNanos = now;
        }
    }

    /** A {@link HealthReport.Kind#REDIS_ERROR} reason while the last error is recent, else empty. */
    public synchronized Optional<HealthReport.Reason> reason() {
        long now = System.nanoTime();
        if (episodeErrors == 0 || now - lastErrorNanos > windowNanos) {
            return Optional.empty();
        }
        return Optional.of(new HealthReport.Reason(HealthReport.Kind.REDIS_ERROR, null, episodeErrors
                + " failed Redis round trips, the last " + (now - lastErrorNanos) / 1_000_000 + " ms ago"));
    }
}
