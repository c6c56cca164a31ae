package dev.streambus.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.event.EntityEvent;
import dev.streambus.event.EventType;
import dev.streambus.event.Replayable;
import dev.streambus.tracing.TraceFields;

/**
 * Turns a Java event into the message {@code Streamer::emit} would write for it: stream = event name, payload =
 * the event's Jackson properties, {@code created} = now in seconds, domain from configuration. Pure: no I/O. When
 * tracing is on ({@link TraceFields}), the current trace context is added after Laravel's fields.
 */
public final class EventEncoder {

    private final PublisherConfig config;

    public EventEncoder(PublisherConfig config) {
        this.config = config;
    }

    /**
     * @throws IllegalArgumentException when the object is not a {@link dev.streambus.event.StreamerEvent}
     * @throws dev.streambus.compat.json.PhpJsonException when PHP could not encode the payload (NaN, ...)
     */
    public OutgoingEvent encode(Object event) {
        EventType type = EventType.of(event.getClass());
        String identifier = event instanceof Replayable replayable ? replayable.identifier() : null;
        StreamerMessage message = StreamerMessage.fromEncodedData(type.type(), type.name(), config.domain(),
                PhpJson.encodeValue(event), createdSeconds());   // straight from the object: no JSON tree
        return new OutgoingEvent(type.name(), message, identifier,
                event instanceof EntityEvent entity ? entity.entityStream() : null, TraceFields.current());
    }

    private long createdSeconds() {
        return config.clock().millis() / 1000;
    }

    /** Encodes an untyped payload, e.g. from the command line. */
    public OutgoingEvent encode(String name, MessageType type, JsonNode payload, String historyIdentifier) {
        StreamerMessage message = StreamerMessage.create(type, name, config.domain(), payload, createdSeconds());
        return new OutgoingEvent(name, message, historyIdentifier, null, TraceFields.current());
    }
}
