package dev.streambus.projection;

import dev.streambus.projection.progress.ProgressListener;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ProjectionRunner}.
 *
 * @param batchSize        entries per transaction; also XRANGE COUNT, and the entries of one live XREADGROUP
 *                         (shared by its streams)
 * @param prefetchDepth    merged batches held ahead of the writer during replays (memory: depth x batchSize, plus up to
 *                         two XRANGE pages per stream read and decoded ahead)
 * @param skipFailures     false (default): an entry that cannot be applied stops the run with a
 *                         {@link ProjectionException}; true: it is recorded in {@code streambus_projection_failure}
 *                         and passed over
 * @param progressInterval how often progress is reported during replays
 * @param progressListener receives progress reports
 * @param group            live consumer group; null for {@code projection.<name>}
 * @param consumer         live consumer name; keep it stable across restarts so pending entries are redone first
 * @param block            XREADGROUP BLOCK of the live loop (bounds how long {@code stop()} waits)
 * @param reclaimIdle      live: entries pending this long anywhere in the group are reclaimed
 * @param reclaimInterval  live: how often to look for such entries
 * @param pollInterval     live loop of entity-stream projections: how often to catch up
 * @param checkPermissions {@code start()} first checks the Redis ACL user may run what the live loop needs (one
 *                         {@link dev.streambus.permission.MissingPermissionsException}); default true
 * @param commitInterval   replays: about how long one transaction should take; entries per transaction follow the
 *                         measured rate, between {@code batchSize} and {@code maxCommitEntries} (default 250 ms)
 * @param maxCommitEntries replays: most entries in one transaction (bounds memory; default 5,000)
 * @param retireAfter      grace period after a swap before the replaced build's schema is dropped (default 10 min;
 *                         zero drops it right after the swap)
 * @param rebuildOnVersionChange {@code start()} of a projection whose version is newer than the serving build's
 *                         starts a blue/green rebuild in the background (default false: call
 *                         {@link ProjectionRunner#rebuildInBackground()} or {@code rebuildAll()})
 * @param clock            time of registry rows, retirements and lag (UTC system clock by default)
 */
public record RunnerConfig(int batchSize, int prefetchDepth, boolean skipFailures, Duration progressInterval,
                           ProgressListener progressListener, String group, String consumer, Duration block,
                           Duration reclaimIdle, Duration reclaimInterval, Duration pollInterval,
                           boolean checkPermissions, Duration commitInterval, int maxCommitEntries,
                           Duration retireAfter, boolean rebuildOnVersionChange, java.time.Clock clock) {

    /**
     * Validates every setting; the builder is the usual way in (it fills the defaults).
     *
     * @throws IllegalArgumentException when {@code batchSize} or {@code prefetchDepth} is below 1
     * @throws NullPointerException naming the required setting that is missing
     */
    public RunnerConfig {
        if (batchSize < 1 || prefetchDepth < 1) {
            throw new IllegalArgumentException("batchSize and prefetchDepth must be >= 1");
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(progressListener, "progressListener");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(reclaimIdle, "reclaimIdle");
        Objects.requireNonNull(reclaimInterval, "reclaimInterval");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(clock, "clock");
        if (maxCommitEntries < 1) {
            throw new IllegalArgumentException("maxCommitEntries must be >= 1, was " + maxCommitEntries);
        }
        if (retireAfter == null || retireAfter.isNegative()) {
            throw new IllegalArgumentException("retireAfter must be >= 0, was " + retireAfter);
        }
    }

    /** All defaults (see the builder's setters). */
    public static RunnerConfig defaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RunnerConfig}; every setting has a validated default, checked on {@link #build()}. */
    public static final class Builder {
        private int batchSize = 1000;
        private int prefetchDepth = 4;
        private boolean skipFailures;
        private Duration progressInterval = Duration.ofSeconds(2);
        private ProgressListener progressListener = ProgressListener.logging();
        private String group;
        private String consumer = "runner";
        private Duration block = Duration.ofSeconds(1);
        private Duration reclaimIdle = Duration.ofSeconds(30);
        private Duration reclaimInterval = Duration.ofSeconds(5);
        private boolean checkPermissions = true;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration commitInterval = Duration.ofMillis(250);
        private int maxCommitEntries = 5_000;
        private Duration retireAfter = Duration.ofMinutes(10);
        private boolean rebuildOnVersionChange;
        private java.time.Clock clock = java.time.Clock.systemUTC();

        /** Target time per replay transaction: commits are sized so one takes about this long; default 250 ms. */
        public Builder commitInterval(Duration v) {
            commitInterval = v;
            return this;
        }

        /** Upper bound of entries per replay transaction (bounds memory); default 5,000. */
        public Builder maxCommitEntries(int v) {
            maxCommitEntries = v;
            return this;
        }

        /** Grace period before a replaced build's schema is dropped. */
        public Builder retireAfter(Duration v) {
            retireAfter = v;
            return this;
        }

        /** Opt in: a newer projection version starts a background blue/green rebuild on {@code start()}. */
        public Builder rebuildOnVersionChange(boolean v) {
            rebuildOnVersionChange = v;
            return this;
        }

        /** Clock for status times (last applied, lag in seconds, retirement); default the system UTC clock. */
        public Builder clock(java.time.Clock v) {
            clock = v;
            return this;
        }

        /** Entries per transaction, XRANGE COUNT and live read size; default 1000. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Batches read and decoded ahead of the writer during replays; default 4. */
        public Builder prefetchDepth(int v) {
            prefetchDepth = v;
            return this;
        }

        /** true: an event that cannot be applied is recorded and skipped; default false: it stops the run. */
        public Builder skipFailures(boolean v) {
            skipFailures = v;
            return this;
        }

        /** How often progress is reported during replays; default 2 s. */
        public Builder progressInterval(Duration v) {
            progressInterval = v;
            return this;
        }

        /** Receives progress reports; default {@link ProgressListener#logging()}. */
        public Builder progressListener(ProgressListener v) {
            progressListener = v;
            return this;
        }

        /** The live consumer group; default null: {@code projection.<name>}. */
        public Builder group(String v) {
            group = v;
            return this;
        }

        /** The live consumer name, stable across restarts so pending entries are redone first; default {@code runner}. */
        public Builder consumer(String v) {
            consumer = v;
            return this;
        }

        /** XREADGROUP BLOCK of the live loop; bounds how long {@code stop()} waits; default 1 s. */
        public Builder block(Duration v) {
            block = v;
            return this;
        }

        /** Live: entries pending this long anywhere in the group are reclaimed; default 30 s. */
        public Builder reclaimIdle(Duration v) {
            reclaimIdle = v;
            return this;
        }

        /** Live: how often to look for such entries; default 5 s. */
        public Builder reclaimInterval(Duration v) {
            reclaimInterval = v;
            return this;
        }

        /** Live loop of entity-stream projections: how often to catch up; default 1 s. */
        public Builder pollInterval(Duration v) {
            pollInterval = v;
            return this;
        }

        /** Check the Redis ACL user's permissions on {@code start()} (default true). */
        public Builder checkPermissions(boolean v) {
            checkPermissions = v;
            return this;
        }

        /**
         * The validated settings.
         *
         * @throws IllegalArgumentException when a setting is out of range
         */
        public RunnerConfig build() {
            return new RunnerConfig(batchSize, prefetchDepth, skipFailures, progressInterval, progressListener,
                    group, consumer, block, reclaimIdle, reclaimInterval, pollInterval, checkPermissions,
                    commitInterval, maxCommitEntries, retireAfter, rebuildOnVersionChange, clock);
        }
    }
}
