package dev.streambus.publish;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable publishing settings.
 *
 * @param domain            the {@code domain} field (Laravel: {@code config('streamer.domain')}); {@code ""} for none
 * @param clock             source of {@code created} (seconds) and retention cut-offs
 * @param defaultRetention  retention for streams without their own
 * @param retentionByStream per-stream retention
 * @param batchSize         at most this many entries per pipelined write (one {@link Publisher#publishAll} chunk,
 *                          or the events of many concurrent callers gathered into one write); default 10,000
 * @param idempotencyTtl    how long an idempotency key is remembered (a retry within it returns the original id);
 *                          default 24 h, at least 1 ms
 * @param nativeIdempotency whether to use Redis's own {@code XADD IDMP} where the server has it (Redis >= 8.6;
 *                          then the stream's IDMP-DURATION/IDMP-MAXSIZE bound the window, not idempotencyTtl);
 *                          false: always the portable SET NX + XADD script
 * @param checkPermissions  whether {@link RedisPublisher} first checks the Redis ACL user may run what publishing
 *                          needs (one {@link dev.streambus.permission.MissingPermissionsException}); default true
 * @param maxPending        at most this many events are held by the publisher at once (queued for the next
 *                          pipelined write or on the wire, from all threads together); a caller that would exceed
 *                          it waits up to {@code queueTimeout}, then gets a {@link PublishException} (NOT_STORED).
 *                          Default {@value #DEFAULT_MAX_PENDING}, at least 1
 * @param linger            how long an idle publisher waits for more events before it writes the first one
 *                          (0, the default: at once; events arriving while a write is on the wire always go out
 *                          together as soon as it completes); at most 1 s
 * @param queueTimeout      how long a caller waits for room when {@code maxPending} events are held (back-pressure
 *                          while Redis is slow or down); default 2 s, 0 = fail at once
 * @param crossSlot         what to do on Redis Cluster when an event's stream and its entity stream / history list
 *                          are in different hash slots: {@link CrossSlot#FAIL} (default) or {@link CrossSlot#TWO_STEPS}
 * @param replicaAcks       how many replicas must confirm each write ({@code WAIT}); default {@link ReplicaAcks#NONE}
 */
public record PublisherConfig(String domain, Clock clock, Retention defaultRetention,
                              Map<String, Retention> retentionByStream, int batchSize, Duration idempotencyTtl,
                              boolean nativeIdempotency, boolean checkPermissions, int maxPending,
                              Duration linger, Duration queueTimeout, CrossSlot crossSlot, ReplicaAcks replicaAcks) {

    /** Default {@link #idempotencyTtl()}. */
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);

    /** Default {@link #maxPending()}. */
    public static final int DEFAULT_MAX_PENDING = 20_000;

    /** Upper bound of {@link #linger()}. */
    public static final Duration MAX_LINGER = Duration.ofSeconds(1);

    /**
     * Validates every setting; the builder is the usual way in (it fills the defaults).
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     * @throws NullPointerException naming the required setting that is missing
     */
    public PublisherConfig {
        Objects.requireNonNull(domain, "domain (use \"\" for none)");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(defaultRetention, "defaultRetention");
        retentionByStream = Map.copyOf(retentionByStream);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
        if (idempotencyTtl.toMillis() < 1) {
            throw new IllegalArgumentException("idempotencyTtl must be >= 1 ms, was " + idempotencyTtl);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1, was " + maxPending);
        }
        Objects.requireNonNull(linger, "linger");
        if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            throw new IllegalArgumentException("linger must be between 0 and " + MAX_LINGER + ", was " + linger);
        }
        Objects.requireNonNull(crossSlot, "crossSlot");
        Objects.requireNonNull(replicaAcks, "replicaAcks (ReplicaAcks.NONE for none)");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queueTimeout must be >= 0, was " + queueTimeout);
        }
    }

    /** All defaults: no domain, UTC system clock, keep every entry, batches of 10000, keys kept 24 h. */
    public static PublisherConfig defaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The retention applied to {@code stream}: its own, else the default. */
    public Retention retentionFor(String stream) {
        return retentionByStream.getOrDefault(stream, defaultRetention);
    }

    /** Builds a {@link PublisherConfig}; every setting has a validated default, checked on {@link #build()}. */
    public static final class Builder {
        private String domain = "";
        private Clock clock = Clock.systemUTC();
        private Retention defaultRetention = Retention.keepAll();
        private final Map<String, Retention> retentionByStream = new HashMap<>();
        private int batchSize = 10_000;
        private Duration idempotencyTtl = DEFAULT_IDEMPOTENCY_TTL;
        private boolean nativeIdempotency = true;
        private boolean checkPermissions = true;
        private int maxPending = DEFAULT_MAX_PENDING;
        private Duration linger = Duration.ZERO;
        private Duration queueTimeout = Duration.ofSeconds(2);
        private CrossSlot crossSlot = CrossSlot.FAIL;
        private ReplicaAcks replicaAcks = ReplicaAcks.NONE;

        /** The {@code domain} field of every entry (Laravel: {@code config('streamer.domain')}); default {@code ""}. */
        public Builder domain(String domain) {
            this.domain = domain == null ? "" : domain;
            return this;
        }

        /**
         * Source of {@code created} seconds and retention cut-offs; its zone dates history snapshots; default UTC
         * system clock.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Retention for streams without their own; default keep all. */
        public Builder defaultRetention(Retention retention) {
            this.defaultRetention = retention;
            return this;
        }

        /** Retention of one stream ({@code XADD MAXLEN ~} or {@code MINID ~}), overriding the default. */
        public Builder retention(String stream, Retention retention) {
            this.retentionByStream.put(stream, retention);
            return this;
        }

        /** Events per pipelined batch in {@link Publisher#publishAll}; default 10000. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How long an idempotency key is remembered; default 24 h. */
        public Builder idempotencyTtl(Duration ttl) {
            this.idempotencyTtl = ttl;
            return this;
        }

        /** Whether to use {@code XADD IDMP} on Redis >= 8.6; default true. */
        public Builder nativeIdempotency(boolean nativeIdempotency) {
            this.nativeIdempotency = nativeIdempotency;
            return this;
        }

        /** Check the Redis ACL user's permissions when the publisher is created (default true). */
        public Builder checkPermissions(boolean checkPermissions) {
            this.checkPermissions = checkPermissions;
            return this;
        }

        /** At most this many events held at once, queued or on the wire (default {@value PublisherConfig#DEFAULT_MAX_PENDING}). */
        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        /** How long an idle publisher waits to gather more events before writing (default 0: at once). */
        public Builder linger(Duration linger) {
            this.linger = linger;
            return this;
        }

        /** How long a caller waits for room while {@code maxPending} events are held (default 2 s). */
        public Builder queueTimeout(Duration queueTimeout) {
            this.queueTimeout = queueTimeout;
            return this;
        }

        /** What to do with an event whose keys span hash slots on Redis Cluster; default {@link CrossSlot#FAIL}. */
        public Builder crossSlot(CrossSlot crossSlot) {
            this.crossSlot = crossSlot;
            return this;
        }

        /**
         * Wait for {@code acks.replicas()} replicas to confirm each write (Redis {@code WAIT}); default
         * {@link ReplicaAcks#NONE}. An event they do not confirm in time fails with
         * {@link PublishOutcome#STORED_UNREPLICATED}.
         */
        public Builder replicaAcks(ReplicaAcks acks) {
            this.replicaAcks = acks;
            return this;
        }

        /**
         * The validated settings.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public PublisherConfig build() {
            return new PublisherConfig(domain, clock, defaultRetention, retentionByStream, batchSize, idempotencyTtl,
                    nativeIdempotency, checkPermissions, maxPending, linger, queueTimeout, crossSlot, replicaAcks);
        }
    }
}
