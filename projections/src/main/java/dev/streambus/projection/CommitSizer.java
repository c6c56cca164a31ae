package dev.streambus.projection;

import java.time.Duration;

/**
 * Sizes replay transactions by time: after each commit the entries per transaction are set so the next one takes
 * about {@code target} at the rate just measured (smoothed), between {@code min} and {@code max} entries. Few
 * commits where the database is fast, short transactions (and bounded memory: at most {@code max} entries held)
 * where it is slow. Not thread-safe: the writer's.
 */
final class CommitSizer {

    private final int min;
    private final int max;
    private final long targetNanos;
    private double size;

    CommitSizer(int min, int max, Duration target) {
        this.min = min;
        this.max = Math.max(min, max);
        this.targetNanos = target.toNanos();
        this.size = min;
    }

    /** Entries to gather before the next commit. */
    int size() {
        return (int) size;
    }

    /** {@code entries} took {@code nanos} to apply and commit. */
    void committed(int entries, long nanos) {
        if (entries <= 0 || nanos <= 0) {
            return;
        }
        double ideal = entries * (double) targetNanos / nanos;
        size = Math.max(min, Math.min(max, size * 0.5 + ideal * 0.5));
    }
}
