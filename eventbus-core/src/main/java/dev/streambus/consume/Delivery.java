package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

/**
 * An entry handed to this consumer.
 *
 * @param entry      the stream entry
 * @param deliveries how many times Redis has delivered it to the group (1 for a first read)
 */
public record Delivery(StreamEntry entry, long deliveries) {
}
