package dev.streambus.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One stream's backlog as {@link StreamBacklog} last read it from Redis (one script call for all streams).
 * Unknown is never reported as 0: {@code lag} is empty when Redis does not know it (nil after XDEL or trimming in
 * the undelivered range; absent before Redis 7.0) or the group does not exist.
 *
 * @param stream           stream key
 * @param exists           false when the key does not exist (length 0, no group)
 * @param length           XLEN
 * @param deadLetters      XLEN of the stream's dead-letter stream (0 when it does not exist)
 * @param groupExists      whether the group exists on the stream (false without a group)
 * @param lag              entries not yet delivered to the group, when Redis knows it
 * @param pending          entries delivered to the group and not acknowledged
 * @param oldestPendingAge time since the oldest pending entry was added (by its id's time, on Redis's clock); empty
 *                         when nothing is pending
 * @param readAt           when it was read (Redis's clock)
 */
public record BacklogReading(String stream, boolean exists, long length, long deadLetters, boolean groupExists,
                             OptionalLong lag, long pending, Optional<Duration> oldestPendingAge, Instant readAt) {
}
