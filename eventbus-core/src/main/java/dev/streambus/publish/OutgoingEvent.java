package dev.streambus.publish;

import dev.streambus.compat.message.StreamerMessage;

/**
 * An encoded event, ready for XADD.
 *
 * @param stream            the stream key (the event name)
 * @param message           the Laravel Streamer fields
 * @param historyIdentifier for {@link dev.streambus.event.Replayable} events, the identifier whose history list
 *                          gets a snapshot; otherwise null
 * @param entityStream      for {@link dev.streambus.event.EntityEvent}s, the per-entity stream that gets a copy;
 *                          otherwise null
 */
public record OutgoingEvent(String stream, StreamerMessage message, String historyIdentifier, String entityStream) {

    /** An event with no entity stream. */
    public OutgoingEvent(String stream, StreamerMessage message, String historyIdentifier) {
        this(stream, message, historyIdentifier, null);
    }

    /** Whether publishing needs the script (history snapshot or entity copy), not a plain XADD. */
    boolean needsScript() {
        return historyIdentifier != null || entityStream != null;
    }
}
