package dev.streambus.projection.status;

import dev.streambus.redis.EntryId;

import java.time.Duration;

/**
 * A build's position on one stream.
 *
 * @param stream     stream key
 * @param checkpoint last applied entry id ({@link EntryId#ZERO} before any)
 * @param lagEntries entries after the checkpoint (counted up to {@link StatusReader#LAG_COUNT_CAP})
 * @param lagCapped  true when there are at least {@code lagEntries} (the count stopped at the cap)
 * @param lagTime    age of the oldest entry not applied yet; {@link Duration#ZERO} when none
 */
public record StreamStatus(String stream, EntryId checkpoint, long lagEntries, boolean lagCapped,
                           Duration lagTime) {
}
