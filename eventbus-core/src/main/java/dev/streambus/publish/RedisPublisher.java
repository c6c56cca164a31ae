package dev.streambus.publish;

import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
import dev.streambus.redis.connect.RedisFailures;
import org.redisson.api.RedissonClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@link Publisher} on Redis Streams through Redisson, with the fields in Laravel's order.
 *
 * <p>Every publish goes through one bounded queue ({@link PublishQueue}): events of concurrent
 * {@link #publish}/{@link #publishAsync} callers are gathered into pipelined writes automatically (one write on the
 * wire at a time; the next takes everything queued meanwhile, up to {@link PublisherConfig#batchSize()}); an idle
 * publisher writes a lone event at once (or after {@link PublisherConfig#linger()}). A returned id means Redis stored
 * that event; a failure reaches exactly the callers whose events it hit (each event's outcome comes from its own
 * command's reply); one thread's events to a stream are written in its order. At most
 * {@link PublisherConfig#maxPending()} events are held while Redis is slow or down: beyond that callers wait up to
 * {@link PublisherConfig#queueTimeout()}, then get a NOT_STORED {@link PublishException}. {@link #publishAll} sends
 * its list in chunks through the same queue, encoding the next chunk while the previous one travels.
 *
 * <p>How events are written (single XADD, {@link StreamRun} script per run of one stream, one script for keyed,
 * replayable and entity events): see {@link BatchWriter}. On Redis Cluster an event's keys must share a hash slot.
 */
public final class RedisPublisher implements Publisher {

    private final PublisherConfig config;
    private final EventEncoder encoder;
    private final PublishQueue queue;
    private final BatchWriter writer;
    private final SlotCheck slots;

    public RedisPublisher(RedissonClient redisson, PublisherConfig config) {
        this.config = config;
        this.encoder = new EventEncoder(config);
        if (config.checkPermissions()) {
            new PermissionCheck(redisson, RequiredPermissions.publisher()).verify();
        }
        this.slots = new SlotCheck(redisson);
        this.writer = new BatchWriter(redisson, config);
        this.queue = new PublishQueue(writer, config);
    }

    public EventEncoder encoder() {
        return encoder;
    }

    @Override
    public String publish(Object event) {
        return await(publishAsync(event));
    }

    @Override
    public String publish(Object event, String idempotencyKey) {
        return await(publishAsync(event, idempotencyKey));
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event) {
        return encodeAndSend(event, null);
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event, String idempotencyKey) {
        try {
            IdempotencyKeys.requireKey(idempotencyKey);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return encodeAndSend(event, idempotencyKey);
    }

    private CompletableFuture<String> encodeAndSend(Object event, String idempotencyKey) {
        OutgoingEvent outgoing;
        try {
            outgoing = encoder.encode(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(outgoing, idempotencyKey);
    }

    /** Publishes an already encoded event (e.g. built by the CLI from raw JSON). */
    public CompletableFuture<String> send(OutgoingEvent outgoing) {
        return send(outgoing, null);
    }

    /** {@link #send(OutgoingEvent)} at most once per idempotency key (null: no key); see {@link Publisher}. */
    public CompletableFuture<String> send(OutgoingEvent outgoing, String idempotencyKey) {
        Pending pending = new Pending(outgoing, idempotencyKey);
        Optional<String> crossSlot = slots.problem(outgoing);
        if (crossSlot.isPresent()) {             // checked locally, before anything is written
            if (config.crossSlot() == CrossSlot.FAIL) {
                return CompletableFuture.failedFuture(new PublishException(crossSlot.get(), null,
                        PublishOutcome.NOT_STORED));
            }
            return writer.sendInTwoSteps(pending); // not through the queue: its steps go one after the other
        }
        queue.submit(pending);
        return pending.id();
    }

    @Override
    public List<String> publishAll(List<?> events) {
        return sendAll(events, null);
    }

    @Override
    public <E> List<String> publishAll(List<E> events, Function<? super E, String> idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        List<String> keys = new ArrayList<>(events.size());
        events.forEach(event -> keys.add(IdempotencyKeys.requireKey(idempotencyKey.apply(event))));
        return sendAll(events, keys);
    }

    /**
     * Queues the list in chunks of {@link PublisherConfig#batchSize()} (at most {@link PublisherConfig#maxPending()}),
     * each after the previous one was stored, so a failure stops the list there and everything before it is stored;
     * while one chunk travels, the next is encoded.
     */
    private List<String> sendAll(List<?> events, List<String> keys) {
        if (!slots.disabled() && hasCrossSlotEvent(events)) {
            return sendOneByOne(events, keys);
        }
        int chunk = Math.min(config.batchSize(), queue.maxPending());
        List<String> out = new ArrayList<>(events.size());
        List<Pending> previous = null;
        int previousFrom = 0;
        for (int from = 0; from < events.size(); from += chunk) {
            int to = Math.min(events.size(), from + chunk);
            List<Pending> encoded = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                encoded.add(new Pending(encoder.encode(events.get(i)), keys == null ? null : keys.get(i)));
            }
            if (previous != null) {
                collect(previous, previousFrom, out);
            }
            queue.submit(encoded);
            previous = encoded;
            previousFrom = from;
        }
        if (previous != null) {
            collect(previous, previousFrom, out);
        }
        return out;
    }

    /**
     * Waits for a chunk of {@code publishAll}'s list starting at index {@code from} and adds its ids; a failure names
     * the events it hit and what was stored: NOT_STORED only if it is the list's first chunk and none of it was stored.
     */
    private static void collect(List<Pending> chunk, int from, List<String> out) {
        PublishException first = null;
        boolean nothingStored = true;
        boolean everyStored = true;                // stored, some perhaps not confirmed by the replicas asked for
        int size = out.size();
        for (Pending pending : chunk) {            // each waited for in turn: no allOf tree of n futures
            try {
                out.add(pending.id().join());
                nothingStored = false;
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException failure) {
                PublishException e = asPublishException(failure);
                first = first == null ? e : first;
                nothingStored &= e.isOutcomeKnown();
                everyStored &= e.outcome() == PublishOutcome.STORED_UNREPLICATED;
            }
        }
        if (first == null) {
            return;
        }
        out.subList(size, out.size()).clear();
        int to = from + chunk.size();
        throw new PublishException("publishing events " + from + ".." + (to - 1) + " of the list to "
                + streamsOf(chunk) + " failed" + (from == 0 ? "" : " (events 0.." + (from - 1) + " were stored)")
                + ": " + RedisFailures.describe(first.getCause() != null ? first.getCause() : first), first,
                everyStored ? PublishOutcome.STORED_UNREPLICATED
                        : from == 0 && nothingStored ? PublishOutcome.NOT_STORED : PublishOutcome.UNKNOWN);
    }

    /**
     * On Redis Cluster: whether an event of the list needs keys in different slots. Under {@link CrossSlot#FAIL}
     * such a list is refused here, before anything of it is written.
     */
    private boolean hasCrossSlotEvent(List<?> events) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            slots.problemBeforeEncoding(events.get(i)).ifPresent(problem -> problems.add("event " + index + ": "
                    + problem));
        }
        if (!problems.isEmpty() && config.crossSlot() == CrossSlot.FAIL) {
            throw new PublishException("publishing " + events.size() + " events refused before any was written: "
                    + problems.get(0) + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1)
                    + " more such events)"), null, PublishOutcome.NOT_STORED);
        }
        return !problems.isEmpty();
    }

    /** {@link CrossSlot#TWO_STEPS} lists: each event written (in its steps) before the next, in order. */
    private List<String> sendOneByOne(List<?> events, List<String> keys) {
        List<String> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                out.add(await(send(encoder.encode(events.get(i)), keys == null ? null : keys.get(i))));
            } catch (PublishException e) {
                throw new PublishException("publishing event " + i + " of the list failed"
                        + (i == 0 ? "" : " (events 0.." + (i - 1) + " were stored)") + ": " + e.getMessage(),
                        e.getCause(), i == 0 ? e.outcome() : PublishOutcome.UNKNOWN);
            }
        }
        return out;
    }

    private static PublishException asPublishException(RuntimeException failure) {
        Throwable cause = RedisFailures.unwrap(failure);
        return cause instanceof PublishException p ? p : BatchWriter.failed("publishing", cause);
    }

    private static String streamsOf(List<Pending> events) {
        List<String> streams = events.stream().map(p -> p.event().stream()).distinct().toList();
        return streams.size() == 1 ? "stream '" + streams.get(0) + "'" : "streams " + streams;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            Throwable cause = RedisFailures.unwrap(e);
            if (cause instanceof PublishException publish) {
                throw publish;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw BatchWriter.failed("publishing", cause);
        }
    }
}
