package dev.streambus.bus;

import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.EventConsumer;
import dev.streambus.publish.Publisher;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The bus a service holds: publishes typed events (see {@link Publisher} for its guarantees) and, when listeners
 * are registered, runs one {@link EventConsumer} (see its guarantees). {@link #close()} stops the consumer
 * gracefully; the Redis client stays open (it is the caller's).
 */
public final class EventBus implements Publisher, AutoCloseable {

    private final Publisher publisher;
    private final EventConsumer consumer;

    /** @param consumer null for a publish-only bus */
    public EventBus(Publisher publisher, EventConsumer consumer) {
        this.publisher = publisher;
        this.consumer = consumer;
    }

    @Override
    public String publish(Object event) {
        return publisher.publish(event);
    }

    @Override
    public String publish(Object event, String idempotencyKey) {
        return publisher.publish(event, idempotencyKey);
    }

    @Override
    public List<String> publishAll(List<?> events) {
        return publisher.publishAll(events);
    }

    @Override
    public <E> List<String> publishAll(List<E> events, Function<? super E, String> idempotencyKey) {
        return publisher.publishAll(events, idempotencyKey);
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event) {
        return publisher.publishAsync(event);
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event, String idempotencyKey) {
        return publisher.publishAsync(event, idempotencyKey);
    }

    /** Starts consuming; a no-op for a publish-only bus. */
    public void start() {
        if (consumer != null) {
            consumer.start();
        }
    }

    public EventConsumer consumer() {
        return consumer;
    }

    /** The consumer's {@link EventConsumer#state() state} for health checks; empty for a publish-only bus. */
    public Optional<ConsumerState> consumerState() {
        return Optional.ofNullable(consumer).map(EventConsumer::state);
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
