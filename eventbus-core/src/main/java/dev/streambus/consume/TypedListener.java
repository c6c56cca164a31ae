package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.event.EventType;

import java.util.Set;

/**
 * A listener for one {@link dev.streambus.event.StreamerEvent} type: {@code data} arrives mapped by Jackson.
 * A payload that does not map is a malformed entry: it is dead-lettered with the reason, not retried.
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

    protected TypedListener(Class<T> type) {
        this.type = type;
        this.events = Set.of(EventType.of(type).name());
    }

    @Override
    public final Set<String> events() {
        return events;
    }

    @Override
    public final void onMessage(ReceivedMessage message) throws Exception {
        handle(message.dataAs(type), message);
    }

    protected abstract void handle(T event, ReceivedMessage message) throws Exception;
}
