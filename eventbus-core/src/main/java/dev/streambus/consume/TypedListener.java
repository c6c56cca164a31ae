package dev.streambus.consume;

import dev.streambus.compat.message.Mapping;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.event.EventType;

import java.util.Set;

/**
 * A listener for one {@link dev.streambus.event.StreamerEvent} type: {@code data} arrives mapped by Jackson, strictly
 * by default ({@link Mapping#STRICT}: no fraction into an integer, nothing out of range, no null or missing value
 * into a primitive or a required record component; {@code ConsumerConfig.mapping} switches to
 * {@link Mapping#LENIENT}).
 *
 * <p>A payload that does not map is a malformed entry, settled before any listener of the entry runs: the consumer
 * maps the entry for every typed listener first ({@link #map}), and dead-letters it once with the reason (stream,
 * entry id, field path) without calling any listener and without a {@code failed_stream} record.
 *
 * <pre>{@code
 * class SendReceipt extends TypedListener<OrderPaid> {
 *     SendReceipt() { super(OrderPaid.class); }
 *     protected void handle(OrderPaid event, ReceivedMessage message) { ... }
 * }
 * }</pre>
 */
public abstract class TypedListener<T> implements MessageListener {

    private final Class<T> type;
    private final Set<String> events;
    /** The event {@link #map} produced, handed to the {@link #onMessage} call for the same message on this thread. */
    private final ThreadLocal<Mapped<T>> mapped = new ThreadLocal<>();

    private record Mapped<T>(ReceivedMessage message, T event) {
    }

    protected TypedListener(Class<T> type) {
        this.type = type;
        this.events = Set.of(EventType.of(type).name());
    }

    @Override
    public final Set<String> events() {
        return events;
    }

    /** The Java type {@code data} is mapped onto. */
    public final Class<T> type() {
        return type;
    }

    /**
     * Maps the message's {@code data}; the next {@link #onMessage} of the same message on this thread uses the
     * result instead of mapping again. The consumer calls it for every typed listener before any listener runs.
     *
     * @throws dev.streambus.compat.message.MalformedMessageException naming stream, entry id, field path and reason
     */
    public final T map(ReceivedMessage message, Mapping mapping) {
        T event = message.dataAs(type, mapping);
        mapped.set(new Mapped<>(message, event));
        return event;
    }

    /** Hands the event {@link #map} produced for this message to {@link #handle}; maps strictly when there is none. */
    @Override
    public final void onMessage(ReceivedMessage message) throws Exception {
        Mapped<T> prepared = mapped.get();
        T event;
        if (prepared != null && prepared.message() == message) {
            event = prepared.event(); // kept (not removed): a listener registered twice gets it twice
        } else {
            event = message.dataAs(type);
        }
        handle(event, message);
    }

    protected abstract void handle(T event, ReceivedMessage message) throws Exception;
}
