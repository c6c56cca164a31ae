package dev.streambus.spring;

import dev.streambus.compat.message.Mapping;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.redis.connect.RedisConnection;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code streambus.*} settings. Every setting left out keeps the core builder's default ({@link ConsumerConfig},
 * {@link PublisherConfig}, {@code RunnerConfig}, {@link RedisConnection}), and every value is validated by those
 * builders when the context starts: a bad value fails the start naming the property (e.g.
 * {@code streambus.consumer.batch-size: batchSize must be >= 1, was 0}). Redis settings are reported without their
 * value (a URL may hold a password).
 *
 * @param enabled     whether streambus is configured at all (default true)
 * @param domain      Laravel's {@code config('streamer.domain')}: the {@code domain} field of published entries
 * @param redis       {@code streambus.redis.*}
 * @param consumer    {@code streambus.consumer.*}
 * @param publisher   {@code streambus.publisher.*}
 * @param projections {@code streambus.projections.*}
 * @param health      {@code streambus.health.*}
 * @param metrics     {@code streambus.metrics.*}
 * @param tracing     {@code streambus.tracing.*}
 * @param console     {@code streambus.console.*}
 */
@ConfigurationProperties(prefix = "streambus")
public record StreamBusProperties(@DefaultValue("true") boolean enabled, String domain, @DefaultValue Redis redis,
                                  @DefaultValue ConsumerSettings consumer, @DefaultValue PublisherSettings publisher,
                                  @DefaultValue ProjectionSettings projections, @DefaultValue HealthSettings health,
                                  @DefaultValue MetricsSettings metrics, @DefaultValue TracingSettings tracing,
                                  @DefaultValue ConsoleSettings console)
        implements Validator {

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

    static <T> void set(T value, Consumer<T> setter) {
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
            check(errors, "redis", Redis.class, p::toRedisConnection);
        }
        check(errors, "publisher", PublisherSettings.class, p::toPublisherConfig);
        check(errors, "consumer", ConsumerSettings.class, p::toConsumerConfig);
        Duration interval = p.metrics.backlogInterval;
        if (interval.isNegative() || interval.isZero()) {
            errors.reject("invalid", "streambus.metrics.backlog-interval: must be a positive duration, was "
                    + interval);
        }
        if (p.health.lagThreshold != null && p.health.lagThreshold < 0) {
            errors.reject("invalid", "streambus.health.lag-threshold: must be >= 0, was " + p.health.lagThreshold);
        }
        if (p.console.enabled && ClassUtils.isPresent(StreamBusConsoleAutoConfiguration.CONSOLE_CLASS,
                getClass().getClassLoader())) {
            check(errors, "console", ConsoleSettings.class,
                    () -> StreamBusConsoleAutoConfiguration.consoleConfig(p.console));
        }
        if (ClassUtils.isPresent("dev.streambus.projection.RunnerConfig", getClass().getClassLoader())) {
            check(errors, "projections", ProjectionSettings.class,
                    () -> StreamBusProjectionsAutoConfiguration.runnerConfig(p.projections));
        }
    }

    /**
     * Runs {@code build}; what it refuses is reported as {@code streambus.<section>.<property>: <message>} when the
     * message starts with a setting of the section ({@code "batchSize must be >= 1"}), else on the section. The
     * rejected value is never repeated (a Redis URL may hold a password).
     */
    private static void check(Errors errors, String section, Class<? extends Record> settings, Supplier<?> build) {
        try {
            build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = String.valueOf(e.getMessage());
            String first = message.split("[ (:,]", 2)[0];
            if (section.equals("consumer") && first.equals("consumer")) {
                first = "name";
            } else if (section.equals("redis") && message.toLowerCase(Locale.ROOT).contains("url")) {
                first = "url";
            }
            String named = first;
            boolean known = Arrays.stream(settings.getRecordComponents()).anyMatch(c -> c.getName().equals(named));
            errors.reject("invalid", "streambus." + section + (known ? "." + kebab(first) : "") + ": " + message);
        }
    }

    /** {@code batchSize} as written in properties: {@code batch-size}. */
    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * {@code streambus.redis.*}: used only when the context has no {@code RedissonClient} bean.
     *
     * @param url             {@code redis://}, {@code rediss://}, {@code redis+cluster://} URL, credentials included
     * @param connectTimeout  TCP connect timeout
     * @param responseTimeout reply timeout
     * @param poolSize        command connection pool size
     */
    public record Redis(String url, Duration connectTimeout, Duration responseTimeout, Integer poolSize) {
    }

    /**
     * {@code streambus.consumer.*}: see {@link ConsumerConfig} for each setting's meaning and default.
     *
     * @param enabled      whether listener beans are consumed (default true); false: publish only
     * @param group        the consumer group; required when there are listeners, unless {@code withoutGroup}
     * @param withoutGroup read without a group (a plain tail, nothing acknowledged); default false
     * @param name         consumer name within the group ({@code ConsumerConfig.consumer}); default unique per process
     * @param startFrom    where a new group starts: 0 (whole history, default), $ (new entries) or an entry id
     * @param batchSize    the most entries held in memory, read and not yet settled (default 250)
     * @param block        XREADGROUP BLOCK per read (default 1 s)
     * @param workers      handler threads (default 1)
     * @param ordering     PER_STREAM (default) or NONE, with more than one worker
     * @param ackPolicy    ON_SUCCESS (default) or ALWAYS (Laravel's always_acknowledge)
     * @param reclaimIdle  pending entries idle this long are reclaimed (default 30 s)
     * @param reclaimInterval how often the reclaim runs (default 5 s)
     * @param maxDeliveries attempts before an entry is dead-lettered (default 5)
     * @param deadLetterSuffix dead letters of stream s go to {s} + suffix (default :dead)
     * @param shutdownTimeout how long stopping lets in-flight handlers finish (default 10 s)
     * @param maxBackoff   cap of the back-off after Redis errors (default 10 s)
     * @param deadConsumerIdle idle consumers holding nothing are deleted after this (default 1 h; must exceed block)
     * @param checkPermissions check the Redis ACL user's permissions on start (default true)
     * @param mapping      STRICT (default) or LENIENT mapping of data onto typed listeners
     */
    public record ConsumerSettings(@DefaultValue("true") boolean enabled, String group, boolean withoutGroup,
                                   String name, String startFrom, Integer batchSize, Duration block, Integer workers,
                                   ConsumerConfig.Ordering ordering, ConsumerConfig.AckPolicy ackPolicy,
                                   Duration reclaimIdle, Duration reclaimInterval, Integer maxDeliveries,
                                   String deadLetterSuffix, Duration shutdownTimeout, Duration maxBackoff,
                                   Duration deadConsumerIdle, Boolean checkPermissions, Mapping mapping) {
    }

    /**
     * {@code streambus.publisher.*}: see {@link PublisherConfig}.
     *
     * @param batchSize         events per pipelined batch of publishAll (default 10000)
     * @param idempotencyTtl    how long an idempotency key is remembered (default 24 h)
     * @param nativeIdempotency use XADD IDMP on Redis 8.6+ (default true)
     * @param checkPermissions  check the Redis ACL user's permissions when the publisher is created (default true)
     */
    public record PublisherSettings(Integer batchSize, Duration idempotencyTtl, Boolean nativeIdempotency,
                                    Boolean checkPermissions) {
    }

    /**
     * {@code streambus.projections.*}: every {@code Projection} bean runs live; see {@code RunnerConfig}.
     *
     * @param enabled    whether {@code Projection} beans are run (default true)
     * @param dataSource name of the DataSource bean holding the read models; default the context's only (or primary)
     * @param batchSize  entries per transaction (default 1000)
     * @param consumer   live consumer name; keep it stable across restarts (default runner)
     * @param skipFailures record and pass over an entry that cannot be applied instead of stopping (default false)
     * @param block      XREADGROUP BLOCK of the live loop (default 1 s)
     * @param reclaimIdle entries pending this long in the group are reclaimed (default 30 s)
     * @param reclaimInterval how often to look for them (default 5 s)
     * @param checkPermissions check the Redis ACL user's permissions on start (default true)
     */
    public record ProjectionSettings(@DefaultValue("true") boolean enabled, String dataSource, Integer batchSize,
                                     String consumer, Boolean skipFailures, Duration block, Duration reclaimIdle,
                                     Duration reclaimInterval, Boolean checkPermissions) {
    }

    /**
     * {@code streambus.health.*}.
     *
     * @param redisTimeout           how long the health check waits for Redis to answer PING before reporting DOWN
     *                               (default 2 s)
     * @param lagThreshold           a group's lag (entries not yet delivered) above which the consumer is reported
     *                               degraded; default none
     * @param projectionLagThreshold a projection's checkpoint lag above which it is reported degraded; default none
     */
    public record HealthSettings(@DefaultValue("2s") Duration redisTimeout, Long lagThreshold,
                                 Duration projectionLagThreshold) {
    }

    /**
     * {@code streambus.metrics.*}: Micrometer meters, recorded when the context has a {@code MeterRegistry}.
     *
     * @param enabled         whether meters are recorded in the context's registry (default true)
     * @param backlogInterval how often lag, pending and checkpoint lag are read from Redis (one script call; default
     *                        15 s)
     */
    public record MetricsSettings(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("15s") Duration backlogInterval) {
    }

    /**
     * {@code streambus.tracing.*}: OpenTelemetry context propagation through the {@code traceparent} entry field.
     *
     * @param enabled off by default; true needs an {@code OpenTelemetry} bean
     */
    public record TracingSettings(boolean enabled) {
    }

    /**
     * {@code streambus.console.*}: the web console ({@code ConsoleServer}), when the {@code console} module is on the
     * class path; see {@code ConsoleConfig}.
     *
     * @param enabled  start the console with the context (default false)
     * @param port     TCP port (default 8080; 0 picks a free one)
     * @param bind     address to listen on (default 127.0.0.1; any other needs a token)
     * @param readOnly views only: every action is absent and refused (default false)
     * @param token    access token the page must present (at least 16 characters; default none on loopback)
     */
    public record ConsoleSettings(boolean enabled, @DefaultValue("8080") int port,
                                  @DefaultValue("127.0.0.1") String bind, boolean readOnly, String token) {

        /** The token is never shown (it grants access to the console). */
        @Override
        public String toString() {
            return "ConsoleSettings[enabled=" + enabled + ", port=" + port + ", bind=" + bind + ", readOnly="
                    + readOnly + ", token=" + (token == null ? "none" : "***") + "]";
        }
    }
}
