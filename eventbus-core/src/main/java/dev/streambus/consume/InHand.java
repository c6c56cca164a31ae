package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The entries a consumer holds: read (or reclaimed) and not yet settled, i.e. waiting for a worker, being handled, or
 * waiting for their acknowledgement to be confirmed. Keyed by stream and entry id, so an entry Redis hands out again
 * while this consumer still holds it (XAUTOCLAIM of its own idle entries, a reread of its pending list) is recognised
 * and not handled a second time, even when it was settled while the read that brought it back was on its way (Redis
 * ran the claim before the XACK). It also counts the entries not handled yet, which the read budget bounds.
 * Thread-safe: the loop takes and waits (one waiter at a time), workers and acknowledgement callbacks release.
 */
final class InHand {

    private record Key(String stream, String id) {
    }

    private final Set<Key> held = new HashSet<>();
    private int unhandled;
    /** Entries released while a read is on its way ({@link #reading()}); null between reads. */
    private Set<Key> releasedWhileReading;
    /** The unhandled count the loop waits for, -1 when it does not: handling wakes it only once that is reached. */
    private int awaited = -1;

    /** A read is sent: entries released from now on are remembered until {@link #readDone()}. */
    synchronized void reading() {
        releasedWhileReading = new HashSet<>();
    }

    /** The read's entries were taken. */
    synchronized void readDone() {
        releasedWhileReading = null;
    }

    /**
     * Takes the entry into hand; false when it is held already, or was released while the read that returned it was
     * on its way (then it must not be handed out again).
     */
    synchronized boolean take(StreamEntry entry) {
        Key key = new Key(entry.stream(), entry.id());
        if ((releasedWhileReading != null && releasedWhileReading.contains(key)) || !held.add(key)) {
            return false;
        }
        unhandled++;
        return true;
    }

    /** A worker is done with one entry taken earlier (it may still wait for its acknowledgement). */
    synchronized void handled() {
        unhandled--;
        if (unhandled <= awaited) {
            notifyAll();
        }
    }

    /** The entry is settled (acknowledged, left pending for a retry, or given up): no longer held. */
    synchronized void release(StreamEntry entry) {
        Key key = new Key(entry.stream(), entry.id());
        if (!held.remove(key)) {
            return;
        }
        if (releasedWhileReading != null) {
            releasedWhileReading.add(key);
        }
        if (held.isEmpty()) {
            notifyAll();
        }
    }

    /** Entries taken and not handled yet. */
    synchronized int unhandled() {
        return unhandled;
    }

    /** Entries held (not handled, or not yet confirmed as acknowledged). */
    synchronized int held() {
        return held.size();
    }

    /** Waits up to {@code timeoutNanos} until at most {@code entries} are unhandled; true if so. */
    synchronized boolean awaitUnhandledAtMost(int entries, long timeoutNanos) throws InterruptedException {
        awaited = entries;
        try {
            return await(() -> unhandled <= entries, timeoutNanos);
        } finally {
            awaited = -1;
        }
    }

    /** Waits up to {@code timeoutNanos} until nothing is held; true if so. */
    synchronized boolean awaitNoneHeld(long timeoutNanos) throws InterruptedException {
        return await(held::isEmpty, timeoutNanos);
    }

    private boolean await(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        long left;
        while (!done.getAsBoolean() && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return done.getAsBoolean();
    }
}
