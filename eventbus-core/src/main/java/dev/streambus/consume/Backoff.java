package dev.streambus.consume;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential back-off with full jitter, for retrying Redis after errors without hot loops. */
final class Backoff {

    private static final long INITIAL_MILLIS = 100;

    private final long maxMillis;
    private int failures;

    Backoff(Duration max) {
        this.maxMillis = max.toMillis();
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    Duration nextDelay() {
        failures++;
        long ceiling = Math.min(maxMillis, INITIAL_MILLIS << Math.min(failures - 1, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Failures since the last success. */
    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
