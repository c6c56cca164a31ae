package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The entries a consumer holds in memory: read (or reclaimed) and not yet settled, i.e. handed to a worker, waiting
 * for one, or waiting for their acknowledgement to be confirmed. Keyed by stream and entry id, so an entry Redis hands
 * out again while this consumer still holds it (XAUTOCLAIM of its own idle entries, a reread of its pending list) is
 * recognised and not handled a second time. Thread-safe: the loop takes, workers and acknowledgement callbacks release.
 */
final class InHand {

    private record Key(String stream, String id) {
    }

    private final Set<Key> held = new HashSet<>();
    /** The size a waiter waits for, -1 without one: releases wake it only once that is reached. */
    private int awaited = -1;

    /** Takes the entry into hand; false when it is held already (then it must not be handed out again). */
    synchronized boolean take(StreamEntry entry) {
        return held.add(new Key(entry.stream(), entry.id()));
    }

    /** The entry is settled (acknowledged, left pending for a retry, or given up): no longer held. */
    synchronized void release(StreamEntry entry) {
        if (held.remove(new Key(entry.stream(), entry.id())) && held.size() <= awaited) {
            notifyAll();
        }
    }

    synchronized int size() {
        return held.size();
    }

    /**
     * Waits until at most {@code entries} are held, or {@code timeoutNanos} passed. One waiter at a time (the loop).
     *
     * @return true when at most {@code entries} are held
     */
    synchronized boolean awaitAtMost(int entries, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        long left;
        try {
            while (held.size() > entries && (left = deadline - System.nanoTime()) > 0) {
                awaited = entries;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } finally {
            awaited = -1;
        }
        return held.size() <= entries;
    }
}
