package dev.streambus.deadletter;

import dev.streambus.redis.StreamEntry;

/**
 * An entry parked because it cannot be handled.
 *
 * @param entry      the original entry (fields may be empty when Redis had already trimmed it)
 * @param group      consumer group it was read by (null without a group)
 * @param consumer   consumer that gave up
 * @param deliveries delivery count at that point
 * @param reason     why: the decode error naming the field, the listener's last error, ...
 */
public record DeadLetter(StreamEntry entry, String group, String consumer, long deliveries, String reason) {
}
