package dev.streambus.projection;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.compat.text.Printable;

/**
 * An entry a projection could not apply. The message names the projection, the stream, the entry id and the
 * cause, e.g. {@code projection 'order_summary' could not apply stream 'orders' entry 1700000000000-0:
 * SQLException: ...}. When thrown, the transaction holding the entry was rolled back: nothing of its batch was
 * applied and the checkpoint did not move.
 */
public class ProjectionException extends RuntimeException {

    private final String projection;
    private final String stream;
    private final String entryId;

    public ProjectionException(String projection, String stream, String entryId, Throwable cause) {
        super("projection '" + projection + "' could not apply stream '" + Printable.name(stream) + "' entry "
                + Printable.name(entryId) + ": " + describe(cause), cause);
        this.projection = projection;
        this.stream = stream;
        this.entryId = entryId;
    }

    public String projection() {
        return projection;
    }

    public String stream() {
        return stream;
    }

    public String entryId() {
        return entryId;
    }

    /** {@code Class: message} of the cause and its causes, joined by {@code " <- "}; escaped and bounded. */
    static String describe(Throwable cause) {
        return ErrorText.chain(cause);
    }
}
