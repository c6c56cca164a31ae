package dev.streambus.compat.message;

import dev.streambus.compat.text.Printable;

/**
 * A stream entry that cannot be decoded or mapped. The message names stream, entry id and field, e.g.
 * {@code stream 'orders' entry 1700000000000-0 field 'data': not JSON (Unexpected character ...)}.
 * Every part of the message is {@linkplain Printable escaped and bounded}: it may come from the entry, and the
 * message is logged and stored as {@code dead_reason}. The accessors return the parts as given.
 */
public class MalformedMessageException extends RuntimeException {
    private final String stream;
    private final String entryId;
    private final String field;
    private final String reason;

    public MalformedMessageException(String stream, String entryId, String field, String reason) {
        this(stream, entryId, field, reason, null);
    }

    public MalformedMessageException(String stream, String entryId, String field, String reason, Throwable cause) {
        super("stream '" + Printable.name(stream) + "' entry " + Printable.name(entryId) + " field '"
                + Printable.name(field) + "': " + Printable.message(reason), cause);
        this.stream = stream;
        this.entryId = entryId;
        this.field = field;
        this.reason = reason;
    }

    public String stream() {
        return stream;
    }

    public String entryId() {
        return entryId;
    }

    public String field() {
        return field;
    }

    /** Why the entry was rejected, without the location. */
    public String reason() {
        return reason;
    }
}
