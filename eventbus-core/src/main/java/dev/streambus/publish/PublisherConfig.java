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
 * @param crossSlot         what to do on Redis Cluster when an event's stream and its entity stream / history list
 *                          are in different hash slots: {@link CrossSlot#FAIL} (default) or {@link CrossSlot#TWO_STEPS}
 */
public record PublisherConfig(String domain, Clock clock, Retention defaultRetention,
                              Map<String, Retention> retentionByStream, int batchSize, Duration idempotencyTtl,
                              boolean nativeIdempotency, boolean checkPermissions, CrossSlot crossSlot) {

    /** Default {@link #idempotencyTtl()}. */
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);

    public PublisherConfig {
        Objects.requireNonNull(domain, "domain (use \"\" for none)");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(defaultRetention, "defaultRetention");
        retentionByStream = Map.copyOf(retentionByStream);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
        Objects.requireNonNull(crossSlot, "crossSlot");
        if (idempotencyTtl.toMillis() < 1) {
            throw new IllegalArgumentException("idempotencyTtl must be >= 1 ms, was " + idempotencyTtl);
        }
    }

    public static PublisherConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Retention retentionFor(String stream) {
        return retentionByStream.getOrDefault(stream, defaultRetention);
    }

    public static final class Builder {
        private String domain = "";
        private Clock clock = Clock.systemUTC();
        private Retention defaultRetention = Retention.keepAll();
        private final Map<String, Retention> retentionByStream = new HashMap<>();
        private int batchSize = 10_000;
        private Duration idempotencyTtl = DEFAULT_IDEMPOTENCY_TTL;
        private boolean nativeIdempotency = true;
        private boolean checkPermissions = true;
        private CrossSlot crossSlot = CrossSlot.FAIL;

        public Builder domain(String domain) {
            this.domain = domain == null ? "" : domain;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder defaultRetention(Retention retention) {
            this.defaultRetention = retention;
            return this;
        }

        public Builder retention(String stream, Retention retention) {
            this.retentionByStream.put(stream, retention);
            return this;
        }

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

        /** What to do with an event whose keys span hash slots on Redis Cluster; default {@link CrossSlot#FAIL}. */
        public Builder crossSlot(CrossSlot crossSlot) {
            this.crossSlot = crossSlot;
            return this;
        }

        public PublisherConfig build() {
            return new PublisherConfig(domain, clock, defaultRetention, retentionByStream, batchSize, idempotencyTtl,
                    nativeIdempotency, checkPermissions, crossSlot);
        }
    }
}
