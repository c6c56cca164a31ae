/**
 * The stream entry {@code Streamer::emit} writes ({@link dev.streambus.compat.message.StreamerMessage}) and its
 * strict decoding ({@link dev.streambus.compat.message.ReceivedMessage}); what cannot be decoded is a
 * {@link dev.streambus.compat.message.MalformedMessageException} naming stream, entry id and field.
 */
package dev.streambus.compat.message;
