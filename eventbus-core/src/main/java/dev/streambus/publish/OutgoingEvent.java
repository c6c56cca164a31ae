package dev.streambus.publish;

import dev.streambus.compat.message.StreamerMessage;

/**
 * An encoded event, ready for XADD.
 *
 * @param stream            the stream key (the event name)
 * @param message           the Laravel Streamer fields
 * @param historyIdentifier for {@link dev.streambus.event.Replayable} events, the identifier whose history list
 *                          gets a snapshot; otherwise null
 */
public record OutgoingEvent(String stream, StreamerMessage message, String historyIdentifier) {
}
