package dev.streambus.archive;

import java.util.Objects;

/**
 * What archiving, purging or restoring did to one entry.
 *
 * @param stream the stream
 * @param id     the entry id (for a restore: the id it had when archived)
 * @param done   true when the action happened
 * @param newId  for a restore, the new entry id; otherwise null
 * @param error  why it did not happen, or null
 */
public record EntryOutcome(String stream, String id, boolean done, String newId, String error) {

    /** Validates. */
    public EntryOutcome {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
    }

    static EntryOutcome done(String stream, String id) {
        return new EntryOutcome(stream, id, true, null, null);
    }

    static EntryOutcome failed(String stream, String id, String error) {
        return new EntryOutcome(stream, id, false, null, error);
    }
}
