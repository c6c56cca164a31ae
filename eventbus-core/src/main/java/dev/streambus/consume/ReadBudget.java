package dev.streambus.consume;

import java.time.Duration;

/**
 * How many entries a consumer may hold in memory (read, not yet settled; see {@link InHand}), by time: the entries in
 * hand times the observed handling time per entry (an exponentially weighted moving average, divided by the workers
 * that handle in parallel) stays within a quarter of {@code reclaimIdle}, so that the last entry in hand is handled
 * long before it idles into a reclaim by another consumer. Never more than {@code batchSize}, never less than one;
 * {@value #INITIAL} (or {@code batchSize} if lower) until a handling time was observed.
 *
 * <p>Thread-safe: workers report handling times, the consumer loop asks for the budget.
 */
final class ReadBudget {

    /** Entries held before any handling time was observed: small, so that a slow first read cannot idle long. */
    static final int INITIAL = 10;
    /** Weight of the newest handling time in the average. */
    private static final double WEIGHT = 0.2;

    private final int max;
    private final long targetNanos;
    private final int parallelism;
    private double averageNanos = -1;

    /**
     * @param parallelism how many entries are handled at the same time at most (workers, or fewer when they are
     *                    limited by the ordering)
     */
    ReadBudget(int max, Duration reclaimIdle, int parallelism) {
        this.max = max;
        this.targetNanos = reclaimIdle.toNanos() / 4;
        this.parallelism = Math.max(1, parallelism);
    }

    static ReadBudget of(ConsumerConfig config, int streams) {
        int parallel = config.ordering() == ConsumerConfig.Ordering.NONE ? config.workers()
                : Math.min(config.workers(), streams);
        return new ReadBudget(config.batchSize(), config.reclaimIdle(), parallel);
    }

    /** One entry took {@code nanos} to handle. */
    synchronized void handled(long nanos) {
        averageNanos = averageNanos < 0 ? nanos : averageNanos + WEIGHT * (nanos - averageNanos);
    }

    /** The most entries to hold now. */
    synchronized int entries() {
        if (averageNanos < 0) {
            return Math.min(max, INITIAL);
        }
        double perEntry = Math.max(1, averageNanos / parallelism);
        return (int) Math.max(1, Math.min(max, targetNanos / perEntry));
    }
}
