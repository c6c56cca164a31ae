package dev.streambus.consume;

import dev.streambus.compat.message.Mapping;
import dev.streambus.deadletter.RedisDeadLetters;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable consumer settings, validated on build. Defaults follow Laravel Streamer where it is safe (groups
 * start at {@code 0}) and depart where it loses data (failed listeners are not acknowledged).
 *
 * @param group           consumer group; null reads without a group (a plain tail, no acknowledgements)
 * @param consumer        consumer name within the group; default unique per process
 * @param startFrom       where a new group starts: {@code "0"} (whole history, Laravel's default), {@code "$"}
 *                        (new entries only) or an entry id; without a group, where the tail starts
 * @param batchSize       the most entries a consumer holds in memory, read and not yet settled (default
 *                        {@value Builder#DEFAULT_BATCH_SIZE}); fewer while handling is slow: entries in hand × observed
 *                        time per entry (divided by the workers that run in parallel) stays within
 *                        {@code reclaimIdle / 4}. A read of several streams shares it among them (XREADGROUP's COUNT
 *                        applies per stream). See {@link Builder#DEFAULT_BATCH_SIZE}.
 * @param block           BLOCK per read: bounds how long {@code close()} waits for an idle read
 * @param workers         handler threads; see {@link Ordering}
 * @param ordering        what order is kept when {@code workers > 1}
 * @param ackPolicy       acknowledge only after success (default) or always (PHP's default)
 * @param reclaimIdle     pending entries idle this long are claimed by this consumer (XAUTOCLAIM) and redone
 * @param reclaimInterval how often this consumer looks for such entries
 * @param maxDeliveries   attempts before an entry is dead-lettered
 * @param deadLetterSuffix dead letters of stream {@code s} go to {@code {s} + suffix} (see {@link dev.streambus.deadletter.DeadLetterKeys})
 * @param shutdownTimeout how long {@code close()} lets in-flight handlers finish
 * @param maxBackoff      cap of the exponential back-off after Redis errors, and of the delay between two retries of
 *                        a part that fails with a permanent error (see {@link ConsumerState})
 * @param deadConsumerIdle other consumers of the group idle longer than this and holding no pending entries are
 *                        deleted by the reaper (never one holding entries, never this one); must exceed {@code block}.
 *                        Before Redis 7.2 a read that finds nothing does not reset a consumer's idle time, so a live
 *                        consumer that had nothing to read for that long may be deleted too: it held nothing, and its
 *                        next read that gets entries creates it again
 * @param checkPermissions whether {@code start()} first checks the Redis ACL user may run every command the consumer
 *                        needs, failing with one {@link dev.streambus.permission.MissingPermissionsException} that
 *                        names what is missing (default true)
 * @param mapping         how typed listeners map {@code data}: {@link Mapping#STRICT} (default: an entry that does
 *                        not map without loss is dead-lettered naming the field) or {@link Mapping#LENIENT}
 *                        (Jackson's coercions: {@code 30.9} into an {@code int} is 30, null/missing is 0)
 * @param threadFactory   makes the consumer's threads (one read loop per reader group, the workers, in a group one
 *                        timer renewing the claim on the entries held); default daemon
 *                        threads named {@code streambus-<consumer>-<n>}
 */
public record ConsumerConfig(String group, String consumer, String startFrom, int batchSize, Duration block,
                             int workers, Ordering ordering, AckPolicy ackPolicy, Duration reclaimIdle,
                             Duration reclaimInterval, int maxDeliveries, String deadLetterSuffix,
                             Duration shutdownTimeout, Duration maxBackoff, Duration deadConsumerIdle,
                             boolean checkPermissions, Mapping mapping,
                             ThreadFactory threadFactory) {

    /** What order handlers see entries in. */
    public enum Ordering {
        /**
         * Entries of one stream are handled one after another, in stream order; different streams in parallel.
         * With one worker, everything is handled in read order.
         */
        PER_STREAM,
        /** Any entry on any worker: most parallelism, no order even within a stream. */
        NONE
    }

    /** When an entry is acknowledged. */
    public enum AckPolicy {
        /** Only after every listener succeeded; failures stay pending and are retried (Laravel's opt-in). */
        ON_SUCCESS,
        /** Even when a listener failed (Laravel Streamer's default {@code always_acknowledge=true}). */
        ALWAYS
    }

    /**
     * Validates every setting; the builder is the usual way in (it fills the defaults).
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     * @throws NullPointerException naming the required setting that is missing
     */
    public ConsumerConfig {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(startFrom, "startFrom");
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(ackPolicy, "ackPolicy");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(threadFactory, "threadFactory");
        requirePositive("batchSize", batchSize);
        requirePositive("workers", workers);
        requirePositive("maxDeliveries", maxDeliveries);
        requirePositive("block", block);
        requirePositive("reclaimIdle", reclaimIdle);
        requirePositive("reclaimInterval", reclaimInterval);
        requirePositive("shutdownTimeout", shutdownTimeout);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("deadConsumerIdle", deadConsumerIdle);
        if (deadConsumerIdle.compareTo(block) <= 0) {
            throw new IllegalArgumentException("deadConsumerIdle (" + deadConsumerIdle + ") must exceed block ("
                    + block + "): a consumer blocked in a read is idle for up to one block");
        }
        if (group != null && group.isBlank()) {
            throw new IllegalArgumentException("group must not be blank (use null for no group)");
        }
        if (consumer.isBlank()) {
            throw new IllegalArgumentException("consumer must not be blank");
        }
        if (deadLetterSuffix == null || deadLetterSuffix.isEmpty()) {
            throw new IllegalArgumentException("deadLetterSuffix must not be empty");
        }
    }

    /** A builder with the defaults of the README's configuration table. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the consumer reads in a consumer group (acknowledging) rather than tailing. */
    public boolean grouped() {
        return group != null;
    }

    /** A builder holding these settings, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().group(group).consumer(consumer).startFrom(startFrom).batchSize(batchSize)
                .block(block).workers(workers).ordering(ordering).ackPolicy(ackPolicy).reclaimIdle(reclaimIdle)
                .reclaimInterval(reclaimInterval).maxDeliveries(maxDeliveries).deadLetterSuffix(deadLetterSuffix)
                .shutdownTimeout(shutdownTimeout).maxBackoff(maxBackoff).deadConsumerIdle(deadConsumerIdle)
                .checkPermissions(checkPermissions).mapping(mapping)
                .threadFactory(threadFactory instanceof DaemonThreads ? null : threadFactory);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** The default thread factory: daemon threads named {@code streambus-<consumer>-<n>}; equal per consumer name. */
    record DaemonThreads(String consumer) implements ThreadFactory {
        private static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "streambus-" + consumer + "-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** A consumer name unique to this process: {@code <host/pid>-<random>}. */
    public static String uniqueConsumerName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Builds a {@link ConsumerConfig}; every setting has a validated default, checked on {@link #build()}. */
    public static final class Builder {
        /**
         * Default upper bound of the entries a consumer holds in memory (read, not yet settled): 250. The consumer
         * holds fewer when handling is slow (no more than its workers handle within a quarter of {@code reclaimIdle}
         * at the observed time per entry), so slow listeners need no tuning; the bound only matters for fast ones.
         * One read asks for at most 100 entries (COUNT around 100 spreads the fixed cost of a
         * round trip best; 500 per read was slower and more variable, issue 11) and goes out once half of that is
         * free, so with 250 the next read is on its way while the workers handle the 150 to 250 entries in hand.
         * With 100 the workers waited for each read (bus benchmark, medians of 3 rounds, each pair in one run: 250 →
         * 73k entries/s against 58k for 100).
         */
        public static final int DEFAULT_BATCH_SIZE = 250;

        private String group;
        private String consumer = uniqueConsumerName();
        private String startFrom;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration block = Duration.ofSeconds(1);
        private int workers = 1;
        private Ordering ordering = Ordering.PER_STREAM;
        private AckPolicy ackPolicy = AckPolicy.ON_SUCCESS;
        private Duration reclaimIdle = Duration.ofSeconds(30);
        private Duration reclaimInterval = Duration.ofSeconds(5);
        private int maxDeliveries = 5;
        private String deadLetterSuffix = RedisDeadLetters.DEFAULT_SUFFIX;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration deadConsumerIdle = Duration.ofHours(1);
        private boolean checkPermissions = true;
        private Mapping mapping = Mapping.STRICT;
        private ThreadFactory threadFactory;

        /** Consumer group to read in; default none (null): a plain tail without acknowledgements. */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** Consumer name within the group; default {@link ConsumerConfig#uniqueConsumerName()}, unique per process. */
        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        /**
         * Where a new group (or the tail) starts: {@code "0"}, {@code "$"} or an entry id; default {@code "0"} in a
         * group, {@code "$"} without.
         */
        public Builder startFrom(String startFrom) {
            this.startFrom = startFrom;
            return this;
        }

        /**
         * The most entries held in memory, read and not yet settled; default {@value #DEFAULT_BATCH_SIZE}; see
         * {@link ConsumerConfig#batchSize()}.
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** XREADGROUP BLOCK per read; default 1 s; bounds how long {@code close()} waits for an idle read. */
        public Builder block(Duration block) {
            this.block = block;
            return this;
        }

        /** Handler threads; default 1 (entries in read order). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** The order kept with several workers; default {@link Ordering#PER_STREAM}. */
        public Builder ordering(Ordering ordering) {
            this.ordering = ordering;
            return this;
        }

        /** When entries are acknowledged; default {@link AckPolicy#ON_SUCCESS} (a failed entry stays pending). */
        public Builder ackPolicy(AckPolicy ackPolicy) {
            this.ackPolicy = ackPolicy;
            return this;
        }

        /** Pending entries idle this long are claimed and redone by this consumer; default 30 s. */
        public Builder reclaimIdle(Duration reclaimIdle) {
            this.reclaimIdle = reclaimIdle;
            return this;
        }

        /** How often the reaper looks for idle pending entries; default 5 s. */
        public Builder reclaimInterval(Duration reclaimInterval) {
            this.reclaimInterval = reclaimInterval;
            return this;
        }

        /** Deliveries of an entry before it is dead-lettered; default 5. */
        public Builder maxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
            return this;
        }

        /** Dead letters of stream {@code s} go to {@code {s} + suffix} (same hash slot); default {@code ":dead"}. */
        public Builder deadLetterSuffix(String deadLetterSuffix) {
            this.deadLetterSuffix = deadLetterSuffix;
            return this;
        }

        /** How long {@code close()} lets in-flight handlers finish; default 10 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Cap of the back-off after Redis errors and between retries of a part failing permanently; default 10 s. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Default 1 hour; see {@link ConsumerConfig#deadConsumerIdle()}. */
        public Builder deadConsumerIdle(Duration deadConsumerIdle) {
            this.deadConsumerIdle = deadConsumerIdle;
            return this;
        }

        /** Check the Redis ACL user's permissions on start (default true); off only for exotic setups. */
        public Builder checkPermissions(boolean checkPermissions) {
            this.checkPermissions = checkPermissions;
            return this;
        }

        /** {@link Mapping#LENIENT} restores Jackson's lossy coercions for typed listeners; default STRICT. */
        public Builder mapping(Mapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /** Makes the consumer's threads (read loops, workers); default: daemon threads named after the consumer. */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = threadFactory;
            return this;
        }

        /**
         * The validated settings.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public ConsumerConfig build() {
            String start = startFrom != null ? startFrom : (group != null ? "0" : "$");
            return new ConsumerConfig(group, consumer, start, batchSize, block, workers, ordering, ackPolicy,
                    reclaimIdle, reclaimInterval, maxDeliveries, deadLetterSuffix, shutdownTimeout, maxBackoff,
                    deadConsumerIdle, checkPermissions, mapping,
                    threadFactory != null ? threadFactory : new DaemonThreads(consumer));
        }
    }
}
