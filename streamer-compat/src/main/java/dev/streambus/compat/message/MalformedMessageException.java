package dev.streambus.compat.message;

/**
 * A stream entry that cannot be decoded or mapped. The message names stream, entry id and field, e.g.
 * {@code stream 'orders' entry 1700000000000-0 field 'data': not JSON (Unexpected character ...)}.
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
        super("stream '" + stream + "' entry " + entryId + " field '" + field + "': " + reason, cause);
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
