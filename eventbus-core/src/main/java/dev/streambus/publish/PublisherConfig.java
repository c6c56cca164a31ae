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
 * @param batchSize         entries per pipelined batch in {@link Publisher#publishAll}
 * @param idempotencyTtl    how long an idempotency key is remembered (a retry within it returns the original id);
 *                          default 24 h, at least 1 ms
 * @param nativeIdempotency whether to use Redis's own {@code XADD IDMP} where the server has it (Redis >= 8.6;
 *                          then the stream's IDMP-DURATION/IDMP-MAXSIZE bound the window, not idempotencyTtl);
 *                          false: always the portable SET NX + XADD script
 * @param checkPermissions  whether {@link RedisPublisher} first checks the Redis ACL user may run what publishing
 *                          needs (one {@link dev.streambus.permission.MissingPermissionsException}); default true
 */
public record PublisherConfig(String domain, Clock clock, Retention defaultRetention,
                              Map<String, Retention> retentionByStream, int batchSize, Duration idempotencyTtl,
                              boolean nativeIdempotency, boolean checkPermissions) {

    /** Default {@link #idempotencyTtl()}. */
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);

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

        /**
         * The validated settings.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public PublisherConfig build() {
            return new PublisherConfig(domain, clock, defaultRetention, retentionByStream, batchSize, idempotencyTtl,
                    nativeIdempotency, checkPermissions);
        }
    }
}
