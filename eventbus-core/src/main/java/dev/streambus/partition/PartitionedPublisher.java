package dev.streambus.partition;

import dev.streambus.publish.OutgoingEvent;
import dev.streambus.publish.RedisPublisher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Publishes the events of one {@link PartitionedStream} to the partition of their key: the same fields as a plain
 * publish (the {@code name} is the event name), only the stream differs. Goes through {@link RedisPublisher}, so its
 * guarantees, failure outcomes and {@link dev.streambus.publish.PublisherConfig#crossSlot()} apply.
 *
 * @param <E> the event type
 */
public final class PartitionedPublisher<E> {

    private final RedisPublisher publisher;
    private final PartitionedStream family;
    private final Function<? super E, String> partitionKey;

    /** @param partitionKey the key of an event that picks its partition (e.g. the order id) */
    public PartitionedPublisher(RedisPublisher publisher, PartitionedStream family,
                                Function<? super E, String> partitionKey) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.family = Objects.requireNonNull(family, "family");
        this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
    }

    /**
     * Publishes {@code event} to its partition; completes with the entry id. Two calls in flight at once may be
     * stored in either order (pooled connections): for per-key order use {@link #publish} or {@link #publishAll}.
     */
    public CompletableFuture<String> publishAsync(E event) {
        OutgoingEvent encoded;
        try {
            encoded = publisher.encoder().encode(event);
            if (!encoded.stream().equals(family.event())) {
                throw new IllegalArgumentException("event '" + encoded.stream() + "' is not of the partitioned stream '"
                        + family.event() + "'");
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return publisher.send(new OutgoingEvent(family.streamFor(partitionKey.apply(event)), encoded.message(),
                encoded.historyIdentifier(), encoded.entityStream()));
    }

    /** {@link #publishAsync} and wait. */
    public String publish(E event) {
        return publishAsync(event).join();
    }

    /**
     * Publishes all, each to its partition, and returns the ids in list order. Within a partition (so for each key)
     * the events are stored in list order, each sent after the previous was stored; partitions proceed in parallel.
     * On a failure, later events of that partition are not sent (earlier ones, and other partitions', may be stored).
     */
    public List<String> publishAll(List<? extends E> events) {
        Map<String, CompletableFuture<String>> lastByStream = new HashMap<>();
        List<CompletableFuture<String>> ids = new ArrayList<>(events.size());
        for (E event : events) {
            String stream = family.streamFor(partitionKey.apply(event));
            CompletableFuture<String> previous = lastByStream.get(stream);
            CompletableFuture<String> id = previous == null ? publishAsync(event)
                    : previous.thenCompose(ignored -> publishAsync(event));
            lastByStream.put(stream, id);
            ids.add(id);
        }
        return ids.stream().map(CompletableFuture::join).toList();
    }
}
