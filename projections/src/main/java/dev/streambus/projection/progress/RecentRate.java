package dev.streambus.projection.progress;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The rate of a counter over the last {@code window} (a sliding window of samples), so that an estimate follows the
 * current speed instead of the average since the start (which a slow start, e.g. connecting and warming up, drags
 * down for the whole run). Samples are kept at most every {@code window / 20}; not thread-safe.
 */
final class RecentRate {

    private record Sample(long nanos, long count) {
    }

    private final long windowNanos;
    private final long spacingNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RecentRate(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.windowNanos = window.toNanos();
        this.spacingNanos = windowNanos / 20;
    }

    /** Records that the counter was {@code count} at {@code nanos}. */
    void record(long nanos, long count) {
        Sample last = samples.peekLast();
        if (last == null || nanos - last.nanos() >= spacingNanos) {
            samples.addLast(new Sample(nanos, count));
        }
        // drop samples before the window, keeping the last one at or before its start so the window is covered whole
        while (samples.size() > 1) {
            Sample oldest = samples.removeFirst();
            if (nanos - samples.peekFirst().nanos() < windowNanos) {
                samples.addFirst(oldest);
                break;
            }
        }
    }

    /** Per second over the window ending at {@code nanos} with the counter at {@code count}; NaN before any span. */
    double perSecond(long nanos, long count) {
        Sample first = samples.peekFirst();
        if (first == null || nanos <= first.nanos()) {
            return Double.NaN;
        }
        return (count - first.count()) * 1e9 / (nanos - first.nanos());
    }
}
