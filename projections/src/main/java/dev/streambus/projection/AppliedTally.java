package dev.streambus.projection;

import dev.streambus.projection.store.Position;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a runner has applied, readable without its write lock (for metrics and health): entries applied by live
 * batches and replays, and the serving build's checkpoints as of the last committed live batch.
 */
final class AppliedTally {

    private final AtomicLong applied = new AtomicLong();
    private volatile Map<String, Position> checkpoints = Map.of();

    void add(BatchApplier.Result result) {
        applied.addAndGet(result.applied());
    }

    /** Call holding the write lock, after a commit: the checkpoints now committed. */
    void committed(BatchApplier applier) {
        checkpoints = Map.copyOf(applier.checkpoints());
    }

    long applied() {
        return applied.get();
    }

    Map<String, Position> checkpoints() {
        return checkpoints;
    }
}
