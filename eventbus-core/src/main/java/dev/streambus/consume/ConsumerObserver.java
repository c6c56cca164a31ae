package dev.streambus.consume;

import dev.streambus.consume.handle.Outcome;

import java.util.List;

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
     * An entry was settled: {@link Outcome.Ack} (queued for acknowledgement), {@link Outcome.Retry} (left pending for
     * another attempt) or {@link Outcome.DeadLetter} (parked in the dead-letter stream).
     */
    default void settled(Delivery delivery, Outcome outcome) {
    }

    /** Observes nothing. */
    ConsumerObserver NONE = new ConsumerObserver() {
    };

    /** One observer telling each of {@code observers}, in order ({@link #NONE} for none). */
    static ConsumerObserver all(List<ConsumerObserver> observers) {
        List<ConsumerObserver> copy = List.copyOf(observers);
        if (copy.size() <= 1) {
            return copy.isEmpty() ? NONE : copy.get(0);
        }
        return new ConsumerObserver() {
            @Override
            public void read(int entries) {
                copy.forEach(o -> o.read(entries));
            }

            @Override
            public void settled(Delivery delivery, Outcome outcome) {
                copy.forEach(o -> o.settled(delivery, outcome));
            }
        };
    }
}
