package dev.streambus.failed;

import dev.streambus.compat.failed.FailedMessage;

/**
 * Which failure records to act on, as Laravel Streamer's {@code streamer:failed:retry} specifications: every given
 * criterion must match exactly (id, stream = the event name stored in the record, receiver); null criteria are
 * ignored, so {@link #all()} matches everything.
 *
 * @param id       entry id, or null
 * @param stream   event name (PHP's {@code stream} member), or null
 * @param receiver listener name, or null
 */
public record FailureFilter(String id, String stream, String receiver) {

    /** Matches every record. */
    public static FailureFilter all() {
        return new FailureFilter(null, null, null);
    }

    /** True when no criterion is set. */
    public boolean matchesAll() {
        return id == null && stream == null && receiver == null;
    }

    /** Whether {@code failure} satisfies every set criterion. */
    public boolean matches(FailedMessage failure) {
        return (id == null || id.equals(failure.id()))
                && (stream == null || stream.equals(failure.stream()))
                && (receiver == null || receiver.equals(failure.receiver()));
    }
}
