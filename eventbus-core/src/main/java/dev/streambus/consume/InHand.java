package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The entries a consumer holds: read (or reclaimed) and not yet settled, i.e. waiting for a worker, being handled, or
 * waiting for their acknowledgement to be confirmed. Keyed by stream and entry id, so an entry Redis hands out again
 * while this consumer still holds it (XAUTOCLAIM of its own idle entries, a reread of its pending list) is recognised
 * and not handled a second time, even when it was settled while the read that brought it back was on its way (Redis
 * ran the claim before the XACK). It also counts the entries not handled yet, and the room reserved by reads on their
 * way, which the read budget bounds together. Thread-safe: the read loops (one per reader group) reserve, take and
 * wait; workers and acknowledgement callbacks release.
 */
final class InHand {

    private record Key(String stream, String id) {
        Key(StreamEntry entry) {
            this(entry.stream(), entry.id());
        }
    }

    /** One read on its way: the room it reserved, and the entries released meanwhile. */
    static final class Read {
        private final int reserved;
        private final Set<Key> released = new HashSet<>();

        private Read(int reserved) {
            this.reserved = reserved;
        }

        int reserved() {
            return reserved;
        }
    }

    private final Set<Key> held = new HashSet<>();
    private final List<Read> reads = new ArrayList<>(2);
    private int unhandled;
    private int reserved;
    /** Loops waiting for room, and the highest count they wait for (-1 when none waits): handling wakes them then. */
    private int waiters;
    private int awaitedUnhandled = -1;

    /**
     * Waits up to {@code timeoutNanos} until the entries not handled yet plus those reserved by reads on their way
     * leave at least {@code least} of {@code budget} free, then reserves up to {@code most} of that room for one read.
     *
     * @return the read, with the room it may fill; null when the wait timed out
     */
    synchronized Read reserve(int budget, int least, int most, long timeoutNanos) throws InterruptedException {
        int threshold = budget - Math.max(1, least);
        waiters++;
        awaitedUnhandled = Math.max(awaitedUnhandled, threshold);
        try {
            if (!await(() -> unhandled + reserved <= threshold, timeoutNanos)) {
                return null;
            }
        } finally {
            if (--waiters == 0) {
                awaitedUnhandled = -1;
            }
        }
        int room = Math.min(most, budget - unhandled - reserved);
        Read read = new Read(room);
        reserved += room;
        reads.add(read);
        return read;
    }

    /** The read's entries were taken (or it failed): its reservation ends. */
    synchronized void readDone(Read read) {
        if (reads.remove(read)) {
            reserved -= read.reserved;
            if (waiters > 0) {
                notifyAll(); // room the read did not fill is free again
            }
        }
    }

    /**
     * Takes the entry into hand; false when it is held already, or was released while {@code read} was on its way
     * (then it must not be handed out again).
     */
    synchronized boolean take(StreamEntry entry, Read read) {
        Key key = new Key(entry);
        if (read.released.contains(key) || !held.add(key)) {
            return false;
        }
        unhandled++;
        return true;
    }

    /** A worker is done with one entry taken earlier (it may still wait for its acknowledgement). */
    synchronized void handled() {
        unhandled--;
        if (unhandled + reserved <= awaitedUnhandled) {
            notifyAll();
        }
    }

    /** The entry is settled (acknowledged, left pending for a retry, or given up): no longer held. */
    synchronized void release(StreamEntry entry) {
        Key key = new Key(entry);
        if (!held.remove(key)) {
            return;
        }
        for (Read read : reads) {
            read.released.add(key);
        }
        if (held.isEmpty()) {
            notifyAll();
        }
    }

    /** An entry taken but not to be handled after all (a bounded run's limit reached): forgotten, left pending. */
    synchronized void drop(StreamEntry entry) {
        handled();
        release(entry);
    }

    /** The entries held now, their ids by stream. */
    synchronized Map<String, List<String>> heldByStream() {
        Map<String, List<String>> out = new HashMap<>();
        for (Key key : held) {
            out.computeIfAbsent(key.stream(), s -> new ArrayList<>()).add(key.id());
        }
        return out;
    }

    /** Entries taken and not handled yet. */
    synchronized int unhandled() {
        return unhandled;
    }

    /** Entries held (not handled, or not yet confirmed as acknowledged). */
    synchronized int held() {
        return held.size();
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
