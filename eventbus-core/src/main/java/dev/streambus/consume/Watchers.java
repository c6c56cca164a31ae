package dev.streambus.consume;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ConsumerEvents} listeners of one consumer or live projection: tells each of them every event, in the
 * order they were added; a listener that throws is logged and skipped, never stopping the others or the loop.
 * Listeners may be added while events are told (each event goes to those present when it is told).
 */
public final class Watchers implements ConsumerEvents {

    private static final Logger log = LoggerFactory.getLogger(Watchers.class);

    private final String owner;
    private final List<ConsumerEvents> listeners;

    /**
     * @param owner   who tells the events, as logs name it (e.g. {@code consumer 'c1'})
     * @param initial listeners to start with
     */
    public Watchers(String owner, Collection<? extends ConsumerEvents> initial) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.listeners = new CopyOnWriteArrayList<>(initial);
    }

    /** Adds a listener. */
    public void add(ConsumerEvents listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Whether nobody listens: events that cost something to build can then be skipped. */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Tells every listener {@code event}. */
    @Override
    public void on(ConsumerEvent event) {
        for (ConsumerEvents listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                log.warn("{}: event listener failed on {}: {}", owner, event.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }
}
