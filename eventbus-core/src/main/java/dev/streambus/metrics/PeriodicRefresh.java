package dev.streambus.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a refresh every {@code interval} on one daemon thread, the first right away, until closed; a run that throws
 * does not stop the next (the task records its own failure). For gauges read from Redis at an interval.
 */
public final class PeriodicRefresh implements AutoCloseable {

    private final String threadName;
    private final Duration interval;
    private final Runnable task;
    private ScheduledExecutorService timer;

    public PeriodicRefresh(String threadName, Duration interval, Runnable task) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be a positive duration, was " + interval);
        }
        this.interval = interval;
        this.task = Objects.requireNonNull(task, "task");
    }

    /** Starts the runs; idempotent. */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // the task recorded it; the next run tries again
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the runs (interrupting one in progress); idempotent. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
