package dev.streambus.projection.source;

import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.projection.Projection;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.StreamEntry;

/** Decodes entries and maps {@code data} to the type of the handler the message's name selects. Thread-safe. */
public final class EntryDecoder {

    private final Projection projection;

    public EntryDecoder(Projection projection) {
        this.projection = projection;
    }

    /** Never throws: a decoding or mapping error is carried in {@link Envelope#error()}. */
    public Envelope decode(StreamEntry entry) {
        EntryId position = EntryId.of(entry.id());
        if (entry.deleted()) {
            return new Envelope(entry, position, null, null, null);
        }
        if (entry.unreadable() != null) {
            return new Envelope(entry, position, null, null, new MalformedMessageException(entry.stream(), entry.id(),
                    entry.unreadable().field(), entry.unreadable().reason()));
        }
        ReceivedMessage message;
        try {
            message = MessageDecoder.decode(entry.stream(), entry.id(), entry.fields());
        } catch (RuntimeException e) {
            return new Envelope(entry, position, null, null, e);
        }
        Projection.Handler<?> handler = projection.handler(message.name());
        if (handler == null) {
            return new Envelope(entry, position, message, null, null);
        }
        try {
            return new Envelope(entry, position, message, message.dataAs(handler.type()), null);
        } catch (RuntimeException e) {
            return new Envelope(entry, position, message, null, e);
        }
    }
}
