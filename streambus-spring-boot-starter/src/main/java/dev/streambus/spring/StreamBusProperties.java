package dev.streambus.spring;

import dev.streambus.compat.message.Mapping;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.redis.connect.RedisConnection;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code streambus.*} settings. Every setting left out keeps the core builder's default ({@link ConsumerConfig},
 * {@link PublisherConfig}, {@code RunnerConfig}, {@link RedisConnection}), and every value is validated by those
 * builders when the context starts: a bad value fails the start naming the property (e.g.
 * {@code streambus.consumer.batch-size: batchSize must be >= 1, was 0}). Redis passwords never appear in messages.
 */
@ConfigurationProperties(prefix = "streambus")
public class StreamBusProperties implements Validator {

    /** Whether streambus is configured at all (default true). */
    private boolean enabled = true;
    /** Laravel's {@code config('streamer.domain')}: the {@code domain} field of published entries. */
    private String domain = "";
    private final Redis redis = new Redis();
    private final ConsumerSettings consumer = new ConsumerSettings();
    private final PublisherSettings publisher = new PublisherSettings();
    private final ProjectionSettings projections = new ProjectionSettings();
    private final HealthSettings health = new HealthSettings();
    private final MetricsSettings metrics = new MetricsSettings();
    private final TracingSettings tracing = new TracingSettings();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public Redis getRedis() {
        return redis;
    }

    public ConsumerSettings getConsumer() {
        return consumer;
    }

    public PublisherSettings getPublisher() {
        return publisher;
    }

    public ProjectionSettings getProjections() {
        return projections;
    }

    public HealthSettings getHealth() {
        return health;
    }

    public MetricsSettings getMetrics() {
        return metrics;
    }

    public TracingSettings getTracing() {
        return tracing;
    }

    /** The publisher settings, built (and so validated) by {@link PublisherConfig.Builder}. */
    public PublisherConfig toPublisherConfig() {
        PublisherConfig.Builder b = PublisherConfig.builder().domain(domain);
        set(publisher.batchSize, b::batchSize);
        set(publisher.idempotencyTtl, b::idempotencyTtl);
        set(publisher.nativeIdempotency, b::nativeIdempotency);
        set(publisher.checkPermissions, b::checkPermissions);
        return b.build();
    }

    /** The consumer settings, built (and so validated) by {@link ConsumerConfig.Builder}. */
    public ConsumerConfig toConsumerConfig() {
        ConsumerSettings c = consumer;
        ConsumerConfig.Builder b = ConsumerConfig.builder().group(c.group);
        set(c.name, b::consumer);
        set(c.startFrom, b::startFrom);
        set(c.batchSize, b::batchSize);
        set(c.block, b::block);
        set(c.workers, b::workers);
        set(c.ordering, b::ordering);
        set(c.ackPolicy, b::ackPolicy);
        set(c.reclaimIdle, b::reclaimIdle);
        set(c.reclaimInterval, b::reclaimInterval);
        set(c.maxDeliveries, b::maxDeliveries);
        set(c.deadLetterSuffix, b::deadLetterSuffix);
        set(c.shutdownTimeout, b::shutdownTimeout);
        set(c.maxBackoff, b::maxBackoff);
        set(c.deadConsumerIdle, b::deadConsumerIdle);
        set(c.checkPermissions, b::checkPermissions);
        set(c.mapping, b::mapping);
        return b.build();
    }

    /**
     * The connection for {@code streambus.redis.url} (only used when the context has no {@code RedissonClient}).
     *
     * @throws IllegalStateException when no URL is set
     */
    public RedisConnection toRedisConnection() {
        if (redis.url == null || redis.url.isBlank()) {
            throw new IllegalStateException("streambus needs Redis: set streambus.redis.url (e.g. "
                    + "redis://127.0.0.1:6379, rediss://user:password@host:6380/0 or redis+cluster://host1,host2) "
                    + "or define a RedissonClient bean");
        }
        RedisConnection.Builder b = RedisConnection.builder().url(redis.url);
        set(redis.connectTimeout, b::connectTimeout);
        set(redis.responseTimeout, b::responseTimeout);
        set(redis.poolSize, b::poolSize);
        return b.build();
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return StreamBusProperties.class.isAssignableFrom(type);
    }

    /** Builds every config once, reporting what its builder refuses against the property it came from. */
    @Override
    public void validate(Object target, Errors errors) {
        StreamBusProperties p = (StreamBusProperties) target;
        if (p.redis.url != null && !p.redis.url.isBlank()) {
            check(errors, "redis", p::toRedisConnection);
        }
        check(errors, "publisher", p::toPublisherConfig);
        check(errors, "consumer", p::toConsumerConfig);
        Duration interval = p.metrics.backlogInterval;
        if (interval == null || interval.isNegative() || interval.isZero()) {
            errors.rejectValue("metrics.backlogInterval", "invalid", "must be a positive duration, was " + interval);
        }
        if (p.health.lagThreshold != null && p.health.lagThreshold < 0) {
            errors.rejectValue("health.lagThreshold", "invalid", "must be >= 0, was " + p.health.lagThreshold);
        }
        if (ClassUtils.isPresent("dev.streambus.projection.RunnerConfig", getClass().getClassLoader())) {
            check(errors, "projections", () -> StreamBusProjectionsAutoConfiguration.runnerConfig(p.projections));
        }
    }

    /**
     * Runs {@code build}; what it refuses is reported on the property it names, except for Redis settings, which
     * are reported without their value (a URL may hold a password).
     */
    private static void check(Errors errors, String section, Supplier<?> build) {
        try {
            build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = String.valueOf(e.getMessage());
            String field = section + "." + message.split("[ (:,]", 2)[0];
            if (section.equals("consumer") && field.equals("consumer.consumer")) {
                field = "consumer.name";
            }
            if (!section.equals("redis") && errors.getFieldType(field) != null) {
                errors.rejectValue(field, "invalid", message);
            } else {
                boolean url = section.equals("redis") && message.toLowerCase(java.util.Locale.ROOT).contains("url");
                errors.reject("invalid", "streambus." + (url ? "redis.url" : section) + ": " + message);
            }
        }
    }

    /** {@code streambus.redis.*}: used only when the context has no {@code RedissonClient} bean. */
    public static class Redis {
        /** {@code redis://}, {@code rediss://}, {@code redis+cluster://} URL, credentials included. */
        private String url;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private Integer poolSize;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getResponseTimeout() {
            return responseTimeout;
        }

        public void setResponseTimeout(Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
        }

        public Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(Integer poolSize) {
            this.poolSize = poolSize;
        }
    }

    /** {@code streambus.consumer.*}: see {@link ConsumerConfig} for each setting's meaning and default. */
    public static class ConsumerSettings {
        /** Whether listener beans are consumed (default true); false: publish only. */
        private boolean enabled = true;
        /** The consumer group; required when there are listeners, unless {@link #withoutGroup}. */
        private String group;
        /** Read without a group (a plain tail, nothing acknowledged); default false. */
        private boolean withoutGroup;
        /** Consumer name within the group; default unique per process. */
        private String name;
        private String startFrom;
        private Integer batchSize;
        private Duration block;
        private Integer workers;
        private ConsumerConfig.Ordering ordering;
        private ConsumerConfig.AckPolicy ackPolicy;
        private Duration reclaimIdle;
        private Duration reclaimInterval;
        private Integer maxDeliveries;
        private String deadLetterSuffix;
        private Duration shutdownTimeout;
        private Duration maxBackoff;
        private Duration deadConsumerIdle;
        private Boolean checkPermissions;
        private Mapping mapping;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public boolean isWithoutGroup() {
            return withoutGroup;
        }

        public void setWithoutGroup(boolean withoutGroup) {
            this.withoutGroup = withoutGroup;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getStartFrom() {
            return startFrom;
        }

        public void setStartFrom(String startFrom) {
            this.startFrom = startFrom;
        }

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getBlock() {
            return block;
        }

        public void setBlock(Duration block) {
            this.block = block;
        }

        public Integer getWorkers() {
            return workers;
        }

        public void setWorkers(Integer workers) {
            this.workers = workers;
        }

        public ConsumerConfig.Ordering getOrdering() {
            return ordering;
        }

        public void setOrdering(ConsumerConfig.Ordering ordering) {
            this.ordering = ordering;
        }

        public ConsumerConfig.AckPolicy getAckPolicy() {
            return ackPolicy;
        }

        public void setAckPolicy(ConsumerConfig.AckPolicy ackPolicy) {
            this.ackPolicy = ackPolicy;
        }

        public Duration getReclaimIdle() {
            return reclaimIdle;
        }

        public void setReclaimIdle(Duration reclaimIdle) {
            this.reclaimIdle = reclaimIdle;
        }

        public Duration getReclaimInterval() {
            return reclaimInterval;
        }

        public void setReclaimInterval(Duration reclaimInterval) {
            this.reclaimInterval = reclaimInterval;
        }

        public Integer getMaxDeliveries() {
            return maxDeliveries;
        }

        public void setMaxDeliveries(Integer maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
        }

        public String getDeadLetterSuffix() {
            return deadLetterSuffix;
        }

        public void setDeadLetterSuffix(String deadLetterSuffix) {
            this.deadLetterSuffix = deadLetterSuffix;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getDeadConsumerIdle() {
            return deadConsumerIdle;
        }

        public void setDeadConsumerIdle(Duration deadConsumerIdle) {
            this.deadConsumerIdle = deadConsumerIdle;
        }

        public Boolean getCheckPermissions() {
            return checkPermissions;
        }

        public void setCheckPermissions(Boolean checkPermissions) {
            this.checkPermissions = checkPermissions;
        }

        public Mapping getMapping() {
            return mapping;
        }

        public void setMapping(Mapping mapping) {
            this.mapping = mapping;
        }
    }

    /** {@code streambus.publisher.*}: see {@link PublisherConfig}. */
    public static class PublisherSettings {
        private Integer batchSize;
        private Duration idempotencyTtl;
        private Boolean nativeIdempotency;
        private Boolean checkPermissions;

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getIdempotencyTtl() {
            return idempotencyTtl;
        }

        public void setIdempotencyTtl(Duration idempotencyTtl) {
            this.idempotencyTtl = idempotencyTtl;
        }

        public Boolean getNativeIdempotency() {
            return nativeIdempotency;
        }

        public void setNativeIdempotency(Boolean nativeIdempotency) {
            this.nativeIdempotency = nativeIdempotency;
        }

        public Boolean getCheckPermissions() {
            return checkPermissions;
        }

        public void setCheckPermissions(Boolean checkPermissions) {
            this.checkPermissions = checkPermissions;
        }
    }

    /** {@code streambus.projections.*}: every {@code Projection} bean runs live; see {@code RunnerConfig}. */
    public static class ProjectionSettings {
        /** Whether {@code Projection} beans are run (default true). */
        private boolean enabled = true;
        /** Name of the DataSource bean holding the read models; default the context's only (or primary) one. */
        private String dataSource;
        private Integer batchSize;
        /** Live consumer name; keep it stable across restarts. */
        private String consumer;
        private Boolean skipFailures;
        private Duration block;
        private Duration reclaimIdle;
        private Duration reclaimInterval;
        private Boolean checkPermissions;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getDataSource() {
            return dataSource;
        }

        public void setDataSource(String dataSource) {
            this.dataSource = dataSource;
        }

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public String getConsumer() {
            return consumer;
        }

        public void setConsumer(String consumer) {
            this.consumer = consumer;
        }

        public Boolean getSkipFailures() {
            return skipFailures;
        }

        public void setSkipFailures(Boolean skipFailures) {
            this.skipFailures = skipFailures;
        }

        public Duration getBlock() {
            return block;
        }

        public void setBlock(Duration block) {
            this.block = block;
        }

        public Duration getReclaimIdle() {
            return reclaimIdle;
        }

        public void setReclaimIdle(Duration reclaimIdle) {
            this.reclaimIdle = reclaimIdle;
        }

        public Duration getReclaimInterval() {
            return reclaimInterval;
        }

        public void setReclaimInterval(Duration reclaimInterval) {
            this.reclaimInterval = reclaimInterval;
        }

        public Boolean getCheckPermissions() {
            return checkPermissions;
        }

        public void setCheckPermissions(Boolean checkPermissions) {
            this.checkPermissions = checkPermissions;
        }
    }

    /** {@code streambus.health.*}. */
    public static class HealthSettings {
        /** How long the health check waits for Redis to answer PING before reporting DOWN (default 2 s). */
        private Duration redisTimeout = Duration.ofSeconds(2);
        /** A group's lag (entries not yet delivered) above which the consumer is reported degraded; default none. */
        private Long lagThreshold;
        /** A projection's checkpoint lag above which it is reported degraded; default none. */
        private Duration projectionLagThreshold;

        public Duration getRedisTimeout() {
            return redisTimeout;
        }

        public void setRedisTimeout(Duration redisTimeout) {
            this.redisTimeout = redisTimeout;
        }

        public Long getLagThreshold() {
            return lagThreshold;
        }

        public void setLagThreshold(Long lagThreshold) {
            this.lagThreshold = lagThreshold;
        }

        public Duration getProjectionLagThreshold() {
            return projectionLagThreshold;
        }

        public void setProjectionLagThreshold(Duration projectionLagThreshold) {
            this.projectionLagThreshold = projectionLagThreshold;
        }
    }

    /** {@code streambus.metrics.*}: Micrometer meters, recorded when the context has a {@code MeterRegistry}. */
    public static class MetricsSettings {
        /** Whether meters are recorded in the context's registry (default true). */
        private boolean enabled = true;
        /** How often lag, pending and checkpoint lag are read from Redis (one script call; default 15 s). */
        private Duration backlogInterval = Duration.ofSeconds(15);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getBacklogInterval() {
            return backlogInterval;
        }

        public void setBacklogInterval(Duration backlogInterval) {
            this.backlogInterval = backlogInterval;
        }
    }

    /** {@code streambus.tracing.*}: OpenTelemetry context propagation through the {@code traceparent} field. */
    public static class TracingSettings {
        /** Off by default; true needs an {@code OpenTelemetry} bean. */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
