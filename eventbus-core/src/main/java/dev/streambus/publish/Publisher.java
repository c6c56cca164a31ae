package dev.streambus.publish;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Publishes typed events as Laravel Streamer entries (see {@link EventEncoder}).
 *
 * <p>Guarantees: a returned id means Redis stored the entry; any failure surfaces as a {@link PublishException}
 * (or a failed future), never a silent drop. Concurrent calls may be written together in one pipelined round trip,
 * but each caller gets its own entry's id or its own failure, and one thread's events to a stream are stored in the
 * order it published them. While Redis is slow or unreachable at most {@link PublisherConfig#maxPending()} events
 * are held in memory; beyond that a caller waits up to {@link PublisherConfig#queueTimeout()} for room, then fails
 * with {@link PublishOutcome#NOT_STORED}. Entries published by one call to {@link #publishAll} land in list order
 * within each stream. Each publish is sent once:
 * the publisher never resends a command on its own (Redisson's {@code retryAttempts} do not apply to it).
 *
 * <p>Retrying: {@link PublishException#outcome()} says what a failure left behind.
 * {@link PublishOutcome#NOT_STORED}: nothing was stored, retrying is safe. {@link PublishOutcome#UNKNOWN}: the entry
 * may have been stored (sent, no reply); a plain retry may duplicate it, so publish with an idempotency key and
 * retry with the same key, which stores the entry at most once and returns its id. The entry itself is the same
 * with or without a key (the key is not a stream field).
 */
public interface Publisher {

    /** Publishes one event and returns its entry id. */
    String publish(Object event);

    /**
     * Publishes one event at most once per {@code idempotencyKey} and stream within
     * {@link PublisherConfig#idempotencyTtl()} (on Redis >= 8.6 with {@link PublisherConfig#nativeIdempotency()}: the
     * stream's XADD IDMP window): a later call with the same key stores nothing and returns the id of the entry the
     * first successful call stored.
     */
    String publish(Object event, String idempotencyKey);

    /** Publishes many events in pipelined batches; returns their ids in the same order. */
    List<String> publishAll(List<?> events);

    /**
     * {@link #publishAll(List)} with an idempotency key per event: re-running the same list stores only what is
     * missing and returns the original ids, in list order.
     */
    <E> List<String> publishAll(List<E> events, Function<? super E, String> idempotencyKey);

    /** Publishes one event without waiting; the future fails with {@link PublishException}. */
    CompletableFuture<String> publishAsync(Object event);

    /** {@link #publish(Object, String)} without waiting; the future fails with {@link PublishException}. */
    CompletableFuture<String> publishAsync(Object event, String idempotencyKey);
}
