package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Acknowledges each entry as soon as it is settled, through the {@link Acker} port, coalescing: one acknowledgement round trip (one XACK per stream,
 * pipelined) is on its way at a time; the entries settled meanwhile wait and go together in the next one, sent when
 * the previous one completed and either {@value #ENOUGH} entries wait or the oldest has waited
 * {@value #MAX_WAIT_MILLIS} ms. So a settled entry waits for a round trip and a few milliseconds at most, never for the
 * rest of its read, and fast handlers share one XACK among many entries (not one small XACK per round trip, which
 * costs Redis and the client more than the handling).
 *
 * <p>It only decides <em>when</em> acknowledgements are sent, never <em>what</em>: callers add entries only after
 * their listeners succeeded or they were dead-lettered. An acknowledgement that fails (Redis down) is reported and
 * dropped: its entries stay pending and are redone (at-least-once). Thread-safe: workers add, Redisson's threads
 * complete.
 */
final class CoalescedAcks {

    /** Entries that are worth a round trip of their own. */
    static final int ENOUGH = 64;
    /** The longest a settled entry waits for more to share its round trip. */
    static final long MAX_WAIT_MILLIS = 2;
    /**
     * Runs the flush on the JDK's delay thread itself: it only hands an XACK to Redisson, which does not block. (The
     * default executor behind {@code delayedExecutor} starts a new thread per task wherever the common pool has
     * fewer than two threads, i.e. on one or two CPUs: 5,091 threads in one benchmark run.)
     */
    private static final Executor LATER = CompletableFuture.delayedExecutor(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS,
            Runnable::run);

    private final Acker acker;
    private final Consumer<List<StreamEntry>> onAcknowledged;
    private final BiConsumer<List<StreamEntry>, Throwable> onFailed;
    private List<StreamEntry> waiting = new ArrayList<>();
    private boolean sending;
    private boolean flushScheduled;

    /**
     * @param onAcknowledged told about the entries of each confirmed acknowledgement
     * @param onFailed       told about the entries of each acknowledgement that failed, and why
     */
    CoalescedAcks(Acker acker, Consumer<List<StreamEntry>> onAcknowledged,
          BiConsumer<List<StreamEntry>, Throwable> onFailed) {
        this.acker = acker;
        this.onAcknowledged = onAcknowledged;
        this.onFailed = onFailed;
    }

    /** Acknowledges {@code settled} with the next round trip (see the class). */
    void add(StreamEntry settled) {
        List<StreamEntry> now;
        synchronized (this) {
            waiting.add(settled);
            now = sendable(false);
        }
        send(now);
    }

    /** Sends what waits: the {@value #MAX_WAIT_MILLIS} ms since the oldest waiting entry settled have passed. */
    private void flush() {
        List<StreamEntry> now;
        synchronized (this) {
            flushScheduled = false;
            now = sendable(true);
        }
        send(now);
    }

    /** The entries to send now (taken from {@code waiting}), or null; schedules a flush if they must wait. */
    private List<StreamEntry> sendable(boolean waited) {
        if (sending || waiting.isEmpty()) {
            return null;
        }
        if (waited || waiting.size() >= ENOUGH) {
            sending = true;
            List<StreamEntry> taken = waiting;
            waiting = new ArrayList<>();
            return taken;
        }
        if (!flushScheduled) {
            flushScheduled = true;
            LATER.execute(this::flush);
        }
        return null;
    }

    private void send(List<StreamEntry> entries) {
        if (entries == null) {
            return;
        }
        CompletionStage<Void> sent;
        try {
            sent = acker.acknowledge(entries);
        } catch (RuntimeException e) { // refused before it was sent
            completed(entries, e);
            return;
        }
        sent.whenComplete((ok, error) -> completed(entries, error));
    }

    private void completed(List<StreamEntry> entries, Throwable error) {
        if (error == null) {
            onAcknowledged.accept(entries);
        } else {
            onFailed.accept(entries, error);
        }
        List<StreamEntry> next;
        synchronized (this) {
            sending = false;
            next = sendable(false);
        }
        send(next);
    }
}
