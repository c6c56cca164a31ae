package dev.streambus.projection.store;

import java.time.Instant;

/**
 * One build of a projection: a version of its read model in a schema of its own (row of
 * {@code streambus_projection_build}).
 *
 * @param projection  projection name
 * @param number      build number, 1, 2, ... per projection
 * @param version     the projection version it was built with
 * @param schema      its schema, spelled as the database stores it
 * @param state       where it is in its life
 * @param done        entries replayed so far (while building; the final count once swapped in)
 * @param total       entries to replay as of the replay's start
 * @param rate        recent replay rate in entries per second
 * @param error       why it failed, or null
 * @param createdAt   when it was started
 * @param updatedAt   its last progress or state change (a stale BUILDING row is an interrupted build)
 * @param swappedAt   when it became SERVING, or null
 * @param retireAfter RETIRED: when its schema is dropped; else null
 */
public record Build(String projection, int number, int version, String schema, State state, long done, long total,
                    double rate, Error error, Instant createdAt, Instant updatedAt, Instant swappedAt,
                    Instant retireAfter) {

    public Build withState(State s, Instant now) {
        return new Build(projection, number, version, schema, s, done, total, rate, error, createdAt, now,
                s == State.SERVING ? now : swappedAt, retireAfter);
    }

    public Build withProgress(long done, long total, double rate, Instant now) {
        return new Build(projection, number, version, schema, state, done, total, rate, error, createdAt, now,
                swappedAt, retireAfter);
    }

    public Build failed(State s, Error why, Instant now) {
        return new Build(projection, number, version, schema, s, done, total, rate, why, createdAt, now, swappedAt,
                retireAfter);
    }

    public Build retired(Instant now, Instant dropAt) {
        return new Build(projection, number, version, schema, State.RETIRED, done, total, rate, error, createdAt, now,
                swappedAt, dropAt);
    }

    /** The life of a build. */
    public enum State {
        /** Being replayed into its schema while another build serves; resumed from its checkpoints if interrupted. */
        BUILDING,
        /** The build readers see through the views; the live loop writes to it. */
        SERVING,
        /** Replaced by a newer build; its schema is dropped after the grace period. */
        RETIRED,
        /** Retired and its schema dropped. */
        DROPPED,
        /** Its replay stopped on an entry it could not apply; its schema was dropped, nothing served changed. */
        FAILED,
        /** Cancelled before the swap; its schema was dropped. */
        CANCELLED
    }

    /**
     * Why a build failed.
     *
     * @param stream  stream of the entry, or null when the failure was not an entry's
     * @param entryId the entry's id, or null
     * @param cause   what went wrong
     */
    public record Error(String stream, String entryId, String cause) {
    }
}
