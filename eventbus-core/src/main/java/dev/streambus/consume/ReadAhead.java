package dev.streambus.consume;

import dev.streambus.redis.StoredText;
import org.redisson.api.stream.StreamMessageId;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * At most one XREADGROUP {@code >} sent ahead: issued as soon as a batch of new entries arrives, so the next batch
 * travels while the current one is decoded, dispatched and acknowledged. The read sent ahead never blocks (no BLOCK):
 * it answers at once, empty when the streams are drained, and the caller then falls back to its blocking read.
 *
 * <p>What a read sent ahead delivered is in this consumer's pending list from the moment Redis answered; if it is
 * never {@linkplain #take() taken} (the consumer stops, the group is reopened), those entries stay pending and are
 * redone like any other pending entry (own pending on restart, or reclaimed after {@code reclaimIdle}):
 * at-least-once, never lost. {@link #discard(Duration)} waits for the answer so that, once it returns, they are in
 * the pending list (e.g. before a scale-down hands that list to a peer). Not thread-safe: the consumer loop owns it.
 */
final class ReadAhead {

    private final Supplier<CompletionStage<Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>>>> read;
    private CompletableFuture<Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>>> inFlight;

    /** @param read sends one non-blocking XREADGROUP {@code >} and returns its answer (null or empty: nothing new) */
    ReadAhead(Supplier<CompletionStage<Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>>>> read) {
        this.read = read;
    }

    /** Sends the read ahead unless one is already in flight. */
    void issue() {
        if (inFlight == null) {
            inFlight = read.get().toCompletableFuture();
        }
    }

    /**
     * The answer of the read sent ahead, waiting for it if needed; empty when none was sent or it found nothing.
     * A Redis error is thrown here, once: the read is forgotten either way.
     */
    Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>> take() {
        CompletableFuture<Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>>> f = inFlight;
        inFlight = null;
        if (f == null) {
            return Map.of();
        }
        try {
            Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>> answer = f.get();
            return answer == null ? Map.of() : answer;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read sent ahead", e);
        }
    }

    /**
     * Forgets the read in flight without handing out its entries (they stay pending), after waiting up to
     * {@code wait} for Redis to answer it. Errors are ignored: a read that failed delivered nothing.
     */
    void discard(Duration wait) {
        CompletableFuture<Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>>> f = inFlight;
        inFlight = null;
        if (f == null) {
            return;
        }
        try {
            f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing delivered, or Redis is too slow to tell: either way nothing is lost (pending or never read)
        }
    }
}
