package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Marks settled entries done: the port the consumer acknowledges through ({@link GroupAcker}: XACK; {@link #NONE}
 * without a group). {@link CoalescedAcks} decides when to call it; implementations only send.
 */
@FunctionalInterface
public interface Acker {

    /** Nothing to acknowledge (a tail without a group). */
    Acker NONE = entries -> CompletableFuture.completedFuture(null);

    /**
     * Acknowledges {@code settled} without waiting; the stage completes once Redis confirmed (or fails: the entries
     * then stay pending and are redone).
     */
    CompletionStage<Void> acknowledge(List<StreamEntry> settled);
}
