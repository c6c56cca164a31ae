package dev.streambus.spring;

import dev.streambus.console.ConsoleConfig;
import dev.streambus.console.ConsoleServer;
import dev.streambus.consume.MessageListener;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.publish.PublisherConfig;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;

/**
 * The web console ({@link ConsoleServer}) on the context's {@link RedissonClient}, with
 * {@code streambus.console.enabled=true} and the {@code console} module on the class path: started and stopped with
 * the context ({@link StreamBusConsole}), publishing with the context's {@link PublisherConfig}, retrying Laravel's
 * failed messages with the application's listeners, showing its projections, and making the application's running
 * consumer handle entries claimed to it from the page at once. Settings {@code streambus.console.port} (8080),
 * {@code .bind} (127.0.0.1), {@code .read-only}, {@code .token}.
 */
@AutoConfiguration(after = {StreamBusAutoConfiguration.class, StreamBusProjectionsAutoConfiguration.class})
@ConditionalOnClass(ConsoleServer.class)
@ConditionalOnBean(StreamBusConsumer.class)
@ConditionalOnProperty(prefix = "streambus.console", name = "enabled", havingValue = "true")
public class StreamBusConsoleAutoConfiguration {

    /** Checked without loading the class (the console module is optional). */
    static final String CONSOLE_CLASS = "dev.streambus.console.ConsoleServer";

    /** The console settings from {@code streambus.console.*}, validated by {@link ConsoleConfig}. */
    static ConsoleConfig consoleConfig(StreamBusProperties.ConsoleSettings c) {
        return ConsoleConfig.builder().port(c.port()).bind(c.bind()).readOnly(c.readOnly()).token(c.token()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public StreamBusConsole streambusConsole(RedissonClient redisson, StreamBusProperties properties,
                                             PublisherConfig publisherConfig,
                                             ObjectProvider<MessageListener> listenerBeans,
                                             StreamerListenerMethods listenerMethods, StreamBusConsumer consumer,
                                             ObjectProvider<StreamBusProjections> projections) {
        ConsoleConfig config = consoleConfig(properties.console());
        return new StreamBusConsole(() -> {
            List<MessageListener> listeners = new ArrayList<>(listenerBeans.orderedStream().toList());
            listeners.addAll(listenerMethods.listeners());
            ConsoleServer.Builder b = ConsoleServer.builder(redisson).config(config).publisherConfig(publisherConfig)
                    .listeners(listeners).consumers(consumer.consumer().stream().toList());
            StreamBusProjections running = projections.getIfAvailable();
            if (running != null) {
                for (ProjectionRunner runner : running.runners()) {
                    b.projection(runner, null);
                }
            }
            return b.build();
        });
    }
}
