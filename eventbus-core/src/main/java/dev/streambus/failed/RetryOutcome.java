package dev.streambus.failed;

import java.util.Objects;

/**
 * What a retry of one failure record did.
 *
 * @param record  the record retried
 * @param retried true when every listener named by the record handled the entry again and the record was removed
 * @param detail  why it was not retried (entry gone, no such listener, the listener failed again), or null
 */
public record RetryOutcome(StoredFailure record, boolean retried, String detail) {

    /** Validates. */
    public RetryOutcome {
        Objects.requireNonNull(record, "record");
    }

    static RetryOutcome success(StoredFailure record) {
        return new RetryOutcome(record, true, null);
    }

    static RetryOutcome failure(StoredFailure record, String detail) {
        return new RetryOutcome(record, false, Objects.requireNonNull(detail, "detail"));
    }
}
