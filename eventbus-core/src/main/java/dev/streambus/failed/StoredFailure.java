package dev.streambus.failed;

import dev.streambus.compat.failed.FailedMessage;

import java.util.Objects;

/**
 * One member of the {@code failed_stream} SET as read: the exact stored bytes and their parsed record. Removal always
 * uses {@link #member()}, never a re-encoding, so a member written by PHP (or by anything else) is removed exactly.
 *
 * @param member  the SET member, as stored
 * @param failure the parsed record
 */
public record StoredFailure(String member, FailedMessage failure) {

    /** Both are required. */
    public StoredFailure {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(failure, "failure");
    }
}
