package dev.streambus.consume;

import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.redis.StreamEntry;

import java.util.List;

/**
 * The per-entry pipeline: decode, route by {@code name}, call every listener through the middlewares, and decide
 * the {@link Outcome}. Never throws: every problem becomes an outcome, so one entry cannot stop the consumer.
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
        ReceivedMessage message;
        try {
            message = MessageDecoder.decode(entry.stream(), entry.id(), entry.fields());
        } catch (MalformedMessageException e) {
            return Outcome.deadLetter(e.getMessage());
        }
        List<MessageListener> targets = listeners.listenersFor(message.name());
        if (targets.isEmpty()) {
            return Outcome.deadLetter("stream '" + entry.stream() + "' entry " + entry.id() + " field 'name': no "
                    + "listener for event '" + message.name() + "'");
        }
        String failure = null;
        for (MessageListener listener : targets) {
            try {
                invoker.invoke(listener, message);
            } catch (MalformedMessageException e) {
                return Outcome.deadLetter(e.getMessage());
            } catch (Throwable e) { // Errors too: one listener must not stop the consumer
                failure = listener.receiver() + ": " + describe(e);
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

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
