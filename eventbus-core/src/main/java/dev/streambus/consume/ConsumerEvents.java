package dev.streambus.consume;

/**
 * Listens to a consumer's {@link ConsumerEvent}s; add with {@link EventConsumer.Builder#events}. Called on the
 * consumer's own threads (read loops, acknowledgement callbacks): return quickly. An exception thrown is logged and
 * ignored.
 */
@FunctionalInterface
public interface ConsumerEvents {
    void on(ConsumerEvent event);
}
