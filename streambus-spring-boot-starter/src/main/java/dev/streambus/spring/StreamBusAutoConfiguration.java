package dev.streambus.spring;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * streambus from {@code streambus.*} properties ({@link StreamBusProperties}): a {@link RedissonClient} from
 * {@code streambus.redis.url} unless the context has one, an injectable {@link Publisher}, and the application's
 * consumer ({@link StreamBusConsumer}) over every listener bean and {@link StreamerListener} method, started and
 * stopped with the context. Each bean backs off when the application defines its own ({@link PublisherConfig},
 * {@link ConsumerConfig}, {@link Publisher}, ...). Off with {@code streambus.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "streambus", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StreamBusProperties.class)
public class StreamBusAutoConfiguration {

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

    @Bean
    @ConditionalOnMissingBean
    public Publisher streambusPublisher(RedissonClient redisson, PublisherConfig config) {
        return new RedisPublisher(redisson, config);
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
                                               ObjectProvider<Middleware> middlewares) {
        return new StreamBusConsumer(redisson, config, properties.getConsumer(), listeners, listenerMethods,
                middlewares);
    }
}
