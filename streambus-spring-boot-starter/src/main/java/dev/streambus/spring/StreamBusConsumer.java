package dev.streambus.spring;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import dev.streambus.health.ConsumerHealth;
import dev.streambus.health.HealthReport;
import dev.streambus.metrics.StreamBacklog;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application's consumer, started and stopped with the context: on start it gathers every
 * {@link MessageListener} bean (a {@link dev.streambus.consume.TypedListener} included), every
 * {@link StreamerListener} method and every {@link Middleware} bean, builds one {@link EventConsumer} (with the
 * consume meters and the backlog gauges of {@link StreamBusObservability}'s registry, and tracing when on) and starts
 * it, with a {@link StreamBacklog} read every {@code streambus.metrics.backlog-interval} for health and gauges;
 * without listeners the application only publishes. On stop it closes the consumer gracefully (in-flight handlers
 * finish within {@code shutdownTimeout} and are acknowledged) before the Redis client is shut down: its phase,
 * {@link #PHASE}, is above the default, so it starts after and stops before ordinary lifecycle beans, and the Redis
 * client, a plain bean, is destroyed only after every lifecycle bean stopped.
 */
public final class StreamBusConsumer implements SmartLifecycle, StreamBusReports {

    /** Starts late, stops early: above the web server's phases, so no new work arrives after it stopped. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(StreamBusConsumer.class);

    private final RedissonClient redisson;
    private final ConsumerConfig config;
    private final StreamBusProperties.ConsumerSettings settings;
    private final ObjectProvider<MessageListener> listenerBeans;
    private final StreamerListenerMethods listenerMethods;
    private final ObjectProvider<Middleware> middlewares;
    private final StreamBusObservability observability;
    private volatile EventConsumer consumer;
    private volatile StreamBacklog backlog;
    private volatile ConsumerHealth health;
    private volatile boolean running;

    public StreamBusConsumer(RedissonClient redisson, ConsumerConfig config,
                             StreamBusProperties.ConsumerSettings settings,
                             ObjectProvider<MessageListener> listenerBeans, StreamerListenerMethods listenerMethods,
                             ObjectProvider<Middleware> middlewares, StreamBusObservability observability) {
        this.redisson = redisson;
        this.config = config;
        this.settings = settings;
        this.listenerBeans = listenerBeans;
        this.listenerMethods = listenerMethods;
        this.middlewares = middlewares;
        this.observability = observability;
    }

    /**
     * Builds and starts the consumer when there are listeners and {@code streambus.consumer.enabled} is true.
     *
     * @throws IllegalStateException when there are listeners but no consumer group (and
     *                               {@code streambus.consumer.without-group} is not set)
     */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        List<MessageListener> listeners = new ArrayList<>(listenerBeans.orderedStream().toList());
        listeners.addAll(listenerMethods.listeners());
        if (!settings.enabled() || listeners.isEmpty()) {
            log.info("streambus: {}; publishing only", listeners.isEmpty() ? "no listeners"
                    : "streambus.consumer.enabled=false");
        } else {
            if (!config.grouped() && !settings.withoutGroup()) {
                throw new IllegalStateException("streambus has " + listeners.size() + " listeners for "
                        + listeners.stream().flatMap(l -> l.events().stream()).distinct().sorted().toList()
                        + " but no consumer group: set streambus.consumer.group (e.g. your service's name), or "
                        + "streambus.consumer.without-group=true to tail the streams without one (nothing is "
                        + "acknowledged or redelivered)");
            }
            EventConsumer.Builder builder = EventConsumer.builder(redisson).config(config).listeners(listeners);
            middlewares.orderedStream().forEach(builder::middleware);
            if (observability.registry() != null) {
                builder.meterRegistry(observability.registry());
            }
            if (observability.openTelemetry() != null) {
                builder.openTelemetry(observability.openTelemetry());
            }
            EventConsumer built = builder.build();
            StreamBacklog readings = StreamBacklog.of(redisson, built, observability.backlogInterval());
            if (observability.registry() != null) {
                readings.bindTo(observability.registry());
            }
            built.start();
            backlog = readings.start();
            health = new ConsumerHealth(built, readings, observability.lagThreshold());
            consumer = built;
        }
        running = true;
    }

    /** Closes the consumer: stops reading, lets in-flight handlers finish and acknowledges them. */
    @Override
    public synchronized void stop() {
        EventConsumer c = consumer;
        consumer = null;
        health = null;
        running = false;
        if (c != null) {
            c.close();
            backlog.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running consumer; empty before start, after stop and when the application only publishes. */
    public Optional<EventConsumer> consumer() {
        return Optional.ofNullable(consumer);
    }

    /** {@code "consumer"}: the consumer's health (state, Redis errors, lag), null when none runs. */
    @Override
    public Map<String, Supplier<HealthReport>> healthReports() {
        return Map.of("consumer", () -> {
            ConsumerHealth now = health;
            return now == null ? null : now.report();
        });
    }
}
