package dev.streambus.consume.handle;

import dev.streambus.compat.message.Mapping;
import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.text.Printable;
import dev.streambus.consume.ListenerRegistry;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.TypedListener;
import dev.streambus.redis.StreamEntry;

import java.util.List;

/**
 * Decodes the entry, routes it by {@code name} and maps {@code data} for every {@link TypedListener}, before any
 * listener runs; an entry that fails any of it (fields unreadable as stored, not Laravel Streamer's format, no
 * listener for its name, {@code data} that does not map onto a typed listener's type) is dead-lettered at once with
 * a reason naming stream, entry id and field, whatever its delivery count.
 */
public final class DecodeOrDeadLetter implements EntryMiddleware {

    private final ListenerRegistry listeners;
    private final Mapping mapping;

    public DecodeOrDeadLetter(ListenerRegistry listeners, Mapping mapping) {
        this.listeners = listeners;
        this.mapping = mapping;
    }

    @Override
    public EntryHandler wrap(EntryHandler next) {
        return entry -> {
            StreamEntry e = entry.entry();
            if (e.unreadable() != null) { // a field stored twice, or bytes that are not UTF-8: parked as stored
                return Outcome.deadLetter(new MalformedMessageException(e.stream(), e.id(),
                        e.unreadable().field(), e.unreadable().reason()).getMessage());
            }
            ReceivedMessage message;
            try {
                message = MessageDecoder.decode(e.stream(), e.id(), e.fields());
            } catch (MalformedMessageException m) {
                return Outcome.deadLetter(m.getMessage());
            }
            List<MessageListener> targets = listeners.listenersFor(message.name());
            if (targets.isEmpty()) {
                return Outcome.deadLetter(new MalformedMessageException(e.stream(), e.id(), "name",
                        "no listener for event '" + Printable.name(message.name()) + "'").getMessage());
            }
            for (MessageListener listener : targets) {
                if (listener instanceof TypedListener<?> typed) {
                    try {
                        typed.map(message, mapping);
                    } catch (MalformedMessageException m) {
                        return Outcome.deadLetter(m.getMessage());
                    }
                }
            }
            return next.handle(entry.decoded(message, targets));
        };
    }
}
