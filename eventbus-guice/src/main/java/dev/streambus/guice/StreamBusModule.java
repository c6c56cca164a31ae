package dev.streambus.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.multibindings.Multibinder;
import dev.streambus.bus.EventBus;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;

import java.util.Set;

/**
 * Guice wiring for the bus. Install it with your settings, bind a {@link RedissonClient} (with
 * {@code StringCodec}-agnostic defaults: the bus always uses a string codec on its own keys), and add listeners
 * from any module:
 *
 * <pre>{@code
 * protected void configure() {
 *     install(new StreamBusModule(publisherConfig, consumerConfig));
 *     StreamBusModule.listeners(binder()).addBinding().to(SendReceipt.class);
 * }
 * }</pre>
 *
 * Then {@code injector.getInstance(EventBus.class).start()}. A bus with no listeners only publishes.
 */
public final class StreamBusModule extends AbstractModule {

    private final PublisherConfig publisherConfig;
    private final ConsumerConfig consumerConfig;

    public StreamBusModule(PublisherConfig publisherConfig, ConsumerConfig consumerConfig) {
        this.publisherConfig = publisherConfig;
        this.consumerConfig = consumerConfig;
    }

    /** The set listeners are added to, from any module. */
    public static Multibinder<MessageListener> listeners(Binder binder) {
        return Multibinder.newSetBinder(binder, MessageListener.class);
    }

    /** The set middlewares are added to (their order is unspecified; use the builder for a fixed order). */
    public static Multibinder<Middleware> middlewares(Binder binder) {
        return Multibinder.newSetBinder(binder, Middleware.class);
    }

    /** Shorthand for {@code listeners(binder).addBinding()}. */
    public static LinkedBindingBuilder<MessageListener> addListener(Binder binder) {
        return listeners(binder).addBinding();
    }

    @Override
    protected void configure() {
        listeners(binder());
        middlewares(binder());
        bind(PublisherConfig.class).toInstance(publisherConfig);
        bind(ConsumerConfig.class).toInstance(consumerConfig);
    }

    @Provides
    @Singleton
    Publisher publisher(RedissonClient redisson, PublisherConfig config) {
        return new RedisPublisher(redisson, config);
    }

    @Provides
    @Singleton
    EventBus eventBus(RedissonClient redisson, Publisher publisher, ConsumerConfig config,
                      Set<MessageListener> listeners, Set<Middleware> middlewares) {
        EventConsumer consumer = null;
        if (!listeners.isEmpty()) {
            EventConsumer.Builder builder = EventConsumer.builder(redisson).config(config).listeners(listeners);
            middlewares.forEach(builder::middleware);
            consumer = builder.build();
        }
        return new EventBus(publisher, consumer);
    }
}
