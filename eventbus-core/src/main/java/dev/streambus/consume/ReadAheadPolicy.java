package dev.streambus.consume;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether the consumer reads the next batch ahead: not once it is stopping (nothing more is read that would not be
 * handled), and not while batches take long to handle. Entries read ahead sit in the pending list, idle, until the
 * batch before them is handled; when that takes a while, read-ahead gains nothing worth having (one round trip
 * against a long handling time) and would bring those entries closer to {@code reclaimIdle}, when another consumer
 * could claim and redo them. So a batch is read ahead only when the previous one was handled within
 * {@code min(1 s, reclaimIdle / 10)}.
 *
 * <p>Written by the consumer loop and {@code close()}, read by the loop (inside {@link EntrySource#next()}).
 */
final class ReadAheadPolicy implements BooleanSupplier {

    private static final long MAX_HANDLING_NANOS = Duration.ofSeconds(1).toNanos();

    private final long maxHandlingNanos;
    private volatile boolean stopping;
    private volatile long lastHandlingNanos;

    ReadAheadPolicy(ConsumerConfig config) {
        this.maxHandlingNanos = Math.min(MAX_HANDLING_NANOS, config.reclaimIdle().toNanos() / 10);
    }

    /** Nothing more is read ahead from now on. */
    void stop() {
        stopping = true;
    }

    /** Reading ahead is allowed again (the consumer starts). */
    void resume() {
        stopping = false;
    }

    /** How long the consumer took to handle and settle its last batch. */
    void handled(long nanos) {
        lastHandlingNanos = nanos;
    }

    /** True when the next batch may be read ahead. */
    @Override
    public boolean getAsBoolean() {
        return !stopping && lastHandlingNanos <= maxHandlingNanos;
    }
}
