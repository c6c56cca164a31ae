package dev.streambus.consume.handle;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.MessageListener;
import dev.streambus.redis.StreamEntry;

import java.util.List;
import java.util.Objects;

/**
 * One delivery on its way through the handler chain. Before {@link DecodeOrDeadLetter} it carries the delivery only;
 * after it, the decoded message and the listeners its name routes to (never empty).
 *
 * @param delivery  the entry and how often it was delivered
 * @param message   the decoded message, or null before decoding
 * @param listeners the listeners for the message's name, empty before decoding
 */
public record Handling(Delivery delivery, ReceivedMessage message, List<MessageListener> listeners) {

    public Handling {
        Objects.requireNonNull(delivery, "delivery");
        listeners = List.copyOf(listeners);
    }

    /** A delivery not decoded yet. */
    public static Handling of(Delivery delivery) {
        return new Handling(delivery, null, List.of());
    }

    /** This delivery, decoded and routed. */
    public Handling decoded(ReceivedMessage message, List<MessageListener> listeners) {
        return new Handling(delivery, Objects.requireNonNull(message, "message"), listeners);
    }

    public StreamEntry entry() {
        return delivery.entry();
    }

    public long deliveries() {
        return delivery.deliveries();
    }
}
