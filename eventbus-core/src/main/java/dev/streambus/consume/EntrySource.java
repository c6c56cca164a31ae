package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a consumer's entries come from (the subscriber side of the pipeline): a consumer group or a plain tail.
 * One consumer loop reads ({@link #open()}, {@link #next(int)}); acknowledgements may be sent from other threads
 * (workers, Redis callbacks) at the same time.
 */
public interface EntrySource {

    /** Prepares reading (creates groups, resolves start ids). Called again after the group vanished. */
    void open();

    /**
     * The next entries to handle, about {@code max} at most in all (a read of several streams shares {@code max}
     * among them); may block up to the configured BLOCK time and return none.
     */
    List<Delivery> next(int max);

    /** Marks entries done (XACK in a group); returns once Redis confirmed. */
    void acknowledge(List<StreamEntry> done);

    /**
     * Marks entries done without waiting: the returned stage completes when Redis confirmed (or fails). By default
     * the synchronous {@link #acknowledge(List)}.
     */
    default CompletionStage<Void> acknowledgeAsync(List<StreamEntry> done) {
        acknowledge(done);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The permanent errors this source contains now (a stream skipped, a step failing) while it goes on reading
     * the rest; see {@link ConsumerState}. By default none.
     */
    default List<ConsumerState.Problem> problems() {
        return List.of();
    }
}
