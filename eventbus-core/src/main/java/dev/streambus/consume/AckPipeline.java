package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Sends acknowledgements without waiting for them, so the consumer loop goes on with the next batch while XACK
 * travels; at most {@code maxInFlight} batches of acknowledgements are unconfirmed at a time (the oldest is waited for
 * before another is sent), and {@link #drain(Duration)} waits for all of them on shutdown.
 *
 * <p>It only changes <em>when</em> the loop waits, never <em>what</em> is acknowledged: callers submit entries only
 * after their listeners succeeded or they were dead-lettered. An acknowledgement that fails (Redis down) is reported
 * and dropped: its entries stay pending and are redone (at-least-once). Not thread-safe: the consumer loop owns it;
 * the callbacks run on Redisson's threads.
 */
final class AckPipeline {

    private final EntrySource source;
    private final int maxInFlight;
    private final LongConsumer onAcknowledged;
    private final Consumer<Throwable> onFailed;
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

    /**
     * @param onAcknowledged told how many entries each confirmed acknowledgement covered
     * @param onFailed       told about each acknowledgement that failed
     */
    AckPipeline(EntrySource source, int maxInFlight, LongConsumer onAcknowledged, Consumer<Throwable> onFailed) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
        this.source = source;
        this.maxInFlight = maxInFlight;
        this.onAcknowledged = onAcknowledged;
        this.onFailed = onFailed;
    }

    /**
     * Sends the acknowledgement of {@code done} (entries that are finished), after waiting for the oldest one sent if
     * {@code maxInFlight} are unconfirmed.
     */
    void submit(List<StreamEntry> done) throws InterruptedException {
        if (done.isEmpty()) {
            return;
        }
        while (inFlight.size() >= maxInFlight) {
            awaitOldest();
        }
        int size = done.size();
        CompletableFuture<Void> sent;
        try {
            sent = source.acknowledgeAsync(done).toCompletableFuture();
        } catch (RuntimeException e) { // refused before it was sent
            onFailed.accept(e);
            return;
        }
        inFlight.add(sent.whenComplete((ok, error) -> {
            if (error == null) {
                onAcknowledged.accept(size);
            } else {
                onFailed.accept(error);
            }
        }));
    }

    /** Waits up to {@code timeout} for every acknowledgement sent to be confirmed or to fail. */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> f;
        while ((f = inFlight.poll()) != null) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // reported by the callback
            } catch (TimeoutException e) {
                return; // unconfirmed: the entries may stay pending and be redone
            }
        }
    }

    private void awaitOldest() throws InterruptedException {
        try {
            inFlight.remove().get();
        } catch (ExecutionException e) {
            // reported by the callback; its entries stay pending
        }
    }
}
