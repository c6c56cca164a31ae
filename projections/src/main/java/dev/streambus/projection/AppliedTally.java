package dev.streambus.projection;

import java.util.concurrent.atomic.AtomicLong;

/** Entries a runner has applied (live batches and replays), readable without its write lock, for metrics. */
final class AppliedTally {

    private final AtomicLong applied = new AtomicLong();

    void add(BatchApplier.Result result) {
        applied.addAndGet(result.applied());
    }

    long applied() {
        return applied.get();
    }
}
