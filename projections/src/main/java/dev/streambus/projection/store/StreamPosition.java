package dev.streambus.projection.store;

import dev.streambus.redis.EntryId;

/**
 * An entry's location: stream key and id.
 *
 * @param stream   stream key
 * @param position entry id
 */
public record StreamPosition(String stream, EntryId position) {
}
