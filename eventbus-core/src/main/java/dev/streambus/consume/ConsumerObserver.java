package dev.streambus.consume;

/**
 * Told what a consumer does with the entries it reads, for metrics (see
 * {@link dev.streambus.metrics.ConsumeMetrics}). Called on the consumer's loop and worker threads: must be quick and
 * must not throw (an exception is logged and ignored). Every method does nothing by default.
 */
public interface ConsumerObserver {

    /** A read handed {@code entries} new entries (not already in hand) to the workers; 0 for an empty read. */
    default void read(int entries) {
    }

    /**
     * An entry was settled: {@link Outcome.Kind#ACK} (queued for acknowledgement), {@link Outcome.Kind#RETRY} (left
     * pending for another attempt) or {@link Outcome.Kind#DEAD_LETTER} (parked in the dead-letter stream).
     */
    default void settled(Delivery delivery, Outcome outcome) {
    }

    /** Observes nothing. */
    ConsumerObserver NONE = new ConsumerObserver() {
    };
}
