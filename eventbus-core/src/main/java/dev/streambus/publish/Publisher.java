package dev.streambus.publish;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes typed events as Laravel Streamer entries (see {@link EventEncoder}).
 *
 * <p>Guarantees: a returned id means Redis stored the entry; any failure surfaces as a {@link PublishException}
 * (or a failed future), never a silent drop; nothing is queued in memory while Redis is unreachable. Entries
 * published by one call to {@link #publishAll} land in list order within each stream.
 */
public interface Publisher {

    /** Publishes one event and returns its entry id. */
    String publish(Object event);

    /** Publishes many events in pipelined batches; returns their ids in the same order. */
    List<String> publishAll(List<?> events);

    /** Publishes one event without waiting; the future fails with {@link PublishException}. */
    CompletableFuture<String> publishAsync(Object event);
}
