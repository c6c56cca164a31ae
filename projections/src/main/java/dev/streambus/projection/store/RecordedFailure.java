package dev.streambus.projection.store;

import dev.streambus.redis.EntryId;

import java.time.Instant;

/**
 * An entry a projection skipped because it could not be applied (only with {@code skipFailures}).
 *
 * @param stream   stream key
 * @param position entry id
 * @param error    what went wrong (exception class and message, cause chain)
 * @param failedAt when it was recorded
 */
public record RecordedFailure(String stream, EntryId position, String error, Instant failedAt) {
}
