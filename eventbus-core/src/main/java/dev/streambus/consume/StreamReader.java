package dev.streambus.consume;

import java.util.List;

/**
 * Where a consumer's entries come from: the only port that reads (XREADGROUP, XREAD, XAUTOCLAIM). Implementations:
 * {@link GroupSource} (a consumer of a group: own pending entries, reclaimed idle entries, new entries),
 * {@link TailSource} (no group: a tail from the last id returned); decorated by {@link ReadAhead} (how much to read
 * while entries are in hand). One reader serves one {@linkplain StreamGrouping reader group} of streams and is called
 * by one loop thread; acknowledgements go through the separate {@link Acker} port.
 */
public interface StreamReader {

    /** Prepares reading (creates groups, resolves start ids). Called again after the group vanished. */
    void open();

    /**
     * The next entries to handle, {@code max} at most in all (a read of several streams shares {@code max} among
     * them); may block up to the configured BLOCK time and return none.
     */
    List<Delivery> next(int max);

    /**
     * The permanent errors this reader contains now (a stream skipped, a step failing) while it goes on reading the
     * rest; see {@link ConsumerState}. By default none.
     */
    default List<ConsumerState.Problem> problems() {
        return List.of();
    }

    /**
     * Asks the reader to reread this consumer's own pending entries at its next read, as after {@link #open()} (e.g.
     * entries just claimed to it from another consumer). Callable from any thread. By default nothing: a reader
     * without a group has no pending entries.
     */
    default void redoPending() {
    }
}
