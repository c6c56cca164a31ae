package dev.streambus.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gathers the events of concurrent callers into pipelined writes: events wait in one FIFO queue; one write is on the
 * wire at a time, and when it completes everything queued meanwhile (up to {@link PublisherConfig#batchSize()}) goes
 * out as the next write ({@link BatchWriter}). An idle publisher writes at once, or after
 * {@link PublisherConfig#linger()}. No thread of its own: the caller that finds the publisher idle, or the completion
 * of the previous write, starts the next one.
 *
 * <p>Guarantees: events leave in the order they were queued, so one thread's events to a stream are written in its
 * order (writes never overlap). Each event's future is completed from its own command's reply. At most
 * {@link PublisherConfig#maxPending()} events are held (queued or on the wire); a caller beyond that waits up to
 * {@link PublisherConfig#queueTimeout()} for room, then gets a NOT_STORED {@link PublishException}.
 */
final class PublishQueue {

    private final BatchWriter writer;
    private final int maxBatch;
    private final int maxPending;
    private final Duration queueTimeout;
    private final Executor afterLinger;
    private final Semaphore room;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    PublishQueue(BatchWriter writer, PublisherConfig config) {
        this.writer = writer;
        this.maxBatch = config.batchSize();
        this.maxPending = config.maxPending();
        this.queueTimeout = config.queueTimeout();
        this.afterLinger = config.linger().isZero() ? null
                : CompletableFuture.delayedExecutor(config.linger().toNanos(), TimeUnit.NANOSECONDS,
                        Runnable::run);       // on the JDK's delay thread: not a new thread per write (1-2 CPUs)
        this.room = new Semaphore(config.maxPending());
    }

    /** The largest number of events {@link #submit} takes at once. */
    int maxPending() {
        return maxPending;
    }

    /**
     * Queues the events (at most {@link #maxPending()}) in order, waiting for room up to the queue timeout. On
     * failure nothing is queued and every event's future is failed (NOT_STORED).
     */
    void submit(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        PublishException refused = reserve(events);
        if (refused != null) {
            events.forEach(event -> event.id().completeExceptionally(refused));
            return;
        }
        queue.addAll(events);
        drain(true);
    }

    /**
     * {@link #submit(List)} of one event. When nothing is queued and no write is on the wire (and no linger is set),
     * the caller writes it at once, without passing it through the queue: the same order, one hand-over less.
     */
    void submit(Pending event) {
        if (afterLinger == null && queue.isEmpty() && room.tryAcquire()) {
            if (writing.compareAndSet(false, true)) {
                List<Pending> alone = new ArrayList<>(1);
                alone.add(event);
                if (write(alone)) {
                    drain(false);
                }
                return;
            }
            queue.add(event);                  // room already reserved
            drain(true);
            return;
        }
        submit(List.of(event));
    }

    private PublishException reserve(List<Pending> events) {
        int n = events.size();
        try {
            if (room.tryAcquire(n, queueTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return null;
            }
            return new PublishException("publishing " + what(events) + " failed: the publisher holds "
                    + (maxPending - room.availablePermits()) + " events waiting for Redis (maxPending "
                    + maxPending + ") and no room came free within " + queueTimeout, null,
                    PublishOutcome.NOT_STORED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PublishException("interrupted while waiting to publish " + what(events), e,
                    PublishOutcome.NOT_STORED);
        }
    }

    private static String what(List<Pending> events) {
        return events.size() == 1 ? events.get(0).describe() : events.size() + " events";
    }

    /**
     * Starts the next write if none is on the wire and events are queued; loops while writes complete inline.
     *
     * @param idle called by a caller that queued events (linger applies), not by the completion of a write
     */
    private void drain(boolean idle) {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            if (idle && afterLinger != null) {
                afterLinger.execute(() -> {
                    if (writeNext()) {
                        drain(false);
                    }
                });
                return;
            }
            if (!writeNext()) {
                return;                        // on the wire: its completion drains again
            }
        }
    }

    /** Writes what is queued; true if the write already completed (the caller may go on draining). */
    private boolean writeNext() {
        List<Pending> batch = new ArrayList<>(Math.min(maxBatch, 64));
        Pending next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            return true;
        }
        return write(batch);
    }

    /** Writes a batch taken from the queue while holding the lane; true if the write already completed. */
    private boolean write(List<Pending> batch) {
        CompletableFuture<Runnable> written;
        try {
            written = writer.write(batch);
        } catch (RuntimeException | Error e) {         // never leave the lane taken
            PublishException failure = BatchWriter.failed("publishing " + what(batch), e);
            written = CompletableFuture.completedFuture(
                    () -> batch.forEach(event -> event.id().completeExceptionally(failure)));
        }
        if (written.isDone()) {
            try {
                written.join().run();
            } finally {
                finish(batch);
            }
            return true;
        }
        written.whenComplete((settle, error) -> {
            try {
                settle(batch, settle, error);
            } finally {
                finish(batch);
                drain(false);
            }
        });
        return false;
    }

    /**
     * Completes the batch's futures before the lane is freed: the woken callers' next events (and those of an async
     * window that just reopened) gather in the queue for the next write instead of trickling out one by one.
     */
    private static void settle(List<Pending> batch, Runnable settle, Throwable error) {
        if (settle != null) {
            settle.run();
        } else {                               // not expected: the writer's future never fails
            PublishException failure = BatchWriter.failed("publishing " + what(batch), error);
            batch.forEach(event -> event.id().completeExceptionally(failure));
        }
    }

    private void finish(List<Pending> batch) {
        room.release(batch.size());
        writing.set(false);
    }
}
