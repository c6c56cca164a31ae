package dev.streambus.consume;

/**
 * Listens to a consumer's {@link ConsumerEvent}s; add with {@link EventConsumer.Builder#events} or, to a built
 * consumer, {@link EventConsumer#watch}. Called on the consumer's own threads (read loops, workers, acknowledgement
 * callbacks), once per settled entry too: return quickly. An exception thrown is logged and ignored: it never changes
 * what happens to entries.
 */
@FunctionalInterface
public interface ConsumerEvents {
    void on(ConsumerEvent event);
}
