package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.List;

/**
 * Where a consumer's entries come from (the subscriber side of the pipeline): a consumer group or a plain tail.
 * Not thread-safe: one consumer loop drives it.
 */
public interface EntrySource {

    /** Prepares reading (creates groups, resolves start ids). Called again after the group vanished. */
    void open();

    /** The next entries to handle; may block up to the configured BLOCK time and return none. */
    List<Delivery> next();

    /** Marks entries done (XACK in a group). */
    void acknowledge(List<StreamEntry> done);
}
