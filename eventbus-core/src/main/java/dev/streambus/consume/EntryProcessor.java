package dev.streambus.consume;

import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.text.Printable;
import dev.streambus.redis.StreamEntry;

import java.util.List;

/**
 * The per-entry pipeline: decode, route by {@code name}, map {@code data} for every {@link TypedListener}, call
 * every listener through the middlewares, and decide the {@link Outcome}. Never throws: every problem becomes an
 * outcome, so one entry cannot stop the consumer.
 *
 * <p>A decoding failure (malformed entry, or {@code data} that does not map for one of the typed listeners) is
 * settled before any listener runs: a dead letter naming stream, entry id, field and reason, never a listener
 * failure. Entry-derived text in reasons is {@linkplain Printable escaped and bounded}.
 */
public final class EntryProcessor {

    private final ListenerRegistry listeners;
    private final ListenerInvoker invoker;
    private final ConsumerConfig config;

    public EntryProcessor(ListenerRegistry listeners, List<Middleware> middlewares, ConsumerConfig config) {
        this.listeners = listeners;
        ListenerInvoker chain = ListenerInvoker.DIRECT;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            chain = middlewares.get(i).wrap(chain);
        }
        this.invoker = chain;
        this.config = config;
    }

    public Outcome process(Delivery delivery) {
        StreamEntry entry = delivery.entry();
        if (entry.fields().isEmpty()) {
            return Outcome.deadLetter("entry " + entry.id() + " of stream '" + entry.stream()
                    + "' was deleted or trimmed before it was handled");
        }
        if (delivery.deliveries() > config.maxDeliveries()) {
            return Outcome.deadLetter("delivered " + delivery.deliveries() + " times (max "
                    + config.maxDeliveries() + ") without success");
        }
        if (entry.unreadable() != null) { // a field stored twice, or bytes that are not UTF-8: parked as stored
            return Outcome.deadLetter(new MalformedMessageException(entry.stream(), entry.id(),
                    entry.unreadable().field(), entry.unreadable().reason()).getMessage());
        }
        ReceivedMessage message;
        try {
            message = MessageDecoder.decode(entry.stream(), entry.id(), entry.fields());
        } catch (MalformedMessageException e) {
            return Outcome.deadLetter(e.getMessage());
        }
        List<MessageListener> targets = listeners.listenersFor(message.name());
        if (targets.isEmpty()) {
            return Outcome.deadLetter(new MalformedMessageException(entry.stream(), entry.id(), "name",
                    "no listener for event '" + Printable.name(message.name()) + "'").getMessage());
        }
        for (MessageListener listener : targets) {
            if (listener instanceof TypedListener<?> typed) {
                try {
                    typed.map(message, config.mapping());
                } catch (MalformedMessageException e) {
                    return Outcome.deadLetter(e.getMessage());
                }
            }
        }
        String failure = null;
        for (MessageListener listener : targets) {
            try {
                invoker.invoke(listener, message);
            } catch (MalformedMessageException e) {
                return Outcome.deadLetter(e.getMessage());
            } catch (Throwable e) { // Errors too: one listener must not stop the consumer
                failure = Printable.name(listener.receiver()) + ": " + describe(e);
            }
        }
        if (failure == null || config.ackPolicy() == ConsumerConfig.AckPolicy.ALWAYS) {
            return Outcome.ACK;
        }
        if (delivery.deliveries() >= config.maxDeliveries()) {
            return Outcome.deadLetter("failed on delivery " + delivery.deliveries() + " of "
                    + config.maxDeliveries() + "; last error: " + failure);
        }
        return Outcome.retry(failure);
    }

    /** A listener's exception, escaped and bounded: its message may echo entry data. */
    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName()
                : e.getClass().getSimpleName() + ": " + Printable.message(e.getMessage());
    }
}
