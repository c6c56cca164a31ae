package dev.streambus.spring;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import dev.streambus.publish.ObservedPublisher;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * streambus from {@code streambus.*} properties ({@link StreamBusProperties}): a {@link RedissonClient} from
 * {@code streambus.redis.url} unless the context has one, an injectable {@link Publisher} (with metrics when the
 * context has a {@link MeterRegistry}, with tracing when {@code streambus.tracing.enabled}), and the application's
 * consumer ({@link StreamBusConsumer}) over every listener bean and {@link StreamerListener} method, started and
 * stopped with the context. Each bean backs off when the application defines its own ({@link PublisherConfig},
 * {@link ConsumerConfig}, {@link Publisher}, ...). Off with {@code streambus.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "streambus", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StreamBusProperties.class)
public class StreamBusAutoConfiguration {

    /** A lag threshold that is never exceeded. */
    static final Duration NO_THRESHOLD = Duration.ofSeconds(Long.MAX_VALUE);

    /** A client for {@code streambus.redis.url}, shut down with the context (after the consumer stopped). */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    public RedissonClient streambusRedissonClient(StreamBusProperties properties) {
        return properties.toRedisConnection().connect();
    }

    @Bean
    @ConditionalOnMissingBean
    public PublisherConfig streambusPublisherConfig(StreamBusProperties properties) {
        return properties.toPublisherConfig();
    }

    @Bean
    @ConditionalOnMissingBean
    public ConsumerConfig streambusConsumerConfig(StreamBusProperties properties) {
        return properties.toConsumerConfig();
    }

    /**
     * The registry and tracer the starter records with, from the context's beans and {@code streambus.metrics.*},
     * {@code streambus.tracing.*}, {@code streambus.health.*}.
     *
     * @throws IllegalStateException when tracing is on but the context has no {@link OpenTelemetry}
     */
    @Bean
    @ConditionalOnMissingBean
    public StreamBusObservability streambusObservability(StreamBusProperties properties,
                                                         ObjectProvider<MeterRegistry> registries,
                                                         ObjectProvider<OpenTelemetry> openTelemetry) {
        MeterRegistry registry = properties.metrics().enabled() ? registries.getIfUnique() : null;
        OpenTelemetry tracer = null;
        if (properties.tracing().enabled()) {
            tracer = openTelemetry.getIfUnique();
            if (tracer == null) {
                throw new IllegalStateException("streambus.tracing.enabled=true needs an OpenTelemetry bean (e.g. "
                        + "from spring-boot-starter-opentelemetry, or your own SDK)");
            }
        }
        StreamBusProperties.HealthSettings health = properties.health();
        return new StreamBusObservability(registry, tracer, properties.metrics().backlogInterval(),
                health.lagThreshold() == null ? Long.MAX_VALUE : health.lagThreshold(),
                health.projectionLagThreshold() == null ? NO_THRESHOLD : health.projectionLagThreshold());
    }

    /**
     * A {@link RedisPublisher}; with a registry or a tracer, wrapped in an {@link ObservedPublisher} (publish
     * timer and entries per stream; a {@code send} span whose {@code traceparent} every entry carries).
     */
    @Bean
    @ConditionalOnMissingBean
    public Publisher streambusPublisher(RedissonClient redisson, PublisherConfig config,
                                        StreamBusObservability observability) {
        RedisPublisher publisher = new RedisPublisher(redisson, config);
        if (observability.registry() == null && observability.openTelemetry() == null) {
            return publisher;
        }
        ObservedPublisher.Builder observed = ObservedPublisher.builder(publisher);
        if (observability.registry() != null) {
            observed.meterRegistry(observability.registry());
        }
        if (observability.openTelemetry() != null) {
            observed.openTelemetry(observability.openTelemetry());
        }
        return observed.build();
    }

    /** Static: a post-processor must not pull this configuration's other beans in early. */
    @Bean
    public static StreamerListenerMethods streamerListenerMethods() {
        return new StreamerListenerMethods();
    }

    @Bean
    @ConditionalOnMissingBean
    public StreamBusConsumer streambusConsumer(RedissonClient redisson, ConsumerConfig config,
                                               StreamBusProperties properties,
                                               ObjectProvider<MessageListener> listeners,
                                               StreamerListenerMethods listenerMethods,
                                               ObjectProvider<Middleware> middlewares,
                                               StreamBusObservability observability) {
        return new StreamBusConsumer(redisson, config, properties.consumer(), listeners, listenerMethods,
                middlewares, observability);
    }
}
