package dev.streambus.publish;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@link Publisher} on Redis Streams through Redisson: one XADD per event with the fields in Laravel's order,
 * pipelined {@link RBatch}es for {@link #publishAll} (the next batch encoded while the previous one travels), and for {@link dev.streambus.event.Replayable} events a script doing XADD + LPUSH of the history
 * snapshot atomically, in one round trip.
 */
public final class RedisPublisher implements Publisher {

    /** XADD, then LPUSH the snapshot (ARGV[1] .. id .. ARGV[2]) onto the history list; returns the id. */
    private static final String XADD_WITH_HISTORY = """
            local id = redis.call('XADD', KEYS[1], unpack(ARGV, 3))
            redis.call('LPUSH', KEYS[2], ARGV[1] .. id .. ARGV[2])
            return id""";

    private final RedissonClient redisson;
    private final PublisherConfig config;
    private final EventEncoder encoder;

    public RedisPublisher(RedissonClient redisson, PublisherConfig config) {
        this.redisson = redisson;
        this.config = config;
        this.encoder = new EventEncoder(config);
    }

    public EventEncoder encoder() {
        return encoder;
    }

    @Override
    public String publish(Object event) {
        return await(publishAsync(event));
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event) {
        OutgoingEvent outgoing;
        try {
            outgoing = encoder.encode(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(outgoing);
    }

    /** Publishes an already encoded event (e.g. built by the CLI from raw JSON). */
    public CompletableFuture<String> send(OutgoingEvent outgoing) {
        return send(outgoing, redisson.getStream(outgoing.stream(), StringCodec.INSTANCE),
                redisson.getScript(StringCodec.INSTANCE));
    }

    /**
     * Sends pipelined batches one after another (a later batch could otherwise overtake an earlier one on another
     * pooled connection and break the order within a stream); while one batch is on the wire, the next is encoded.
     */
    @Override
    public List<String> publishAll(List<?> events) {
        List<CompletableFuture<String>> ids = new ArrayList<>(events.size());
        CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
        for (int from = 0; from < events.size(); from += config.batchSize()) {
            List<?> chunk = events.subList(from, Math.min(events.size(), from + config.batchSize()));
            List<OutgoingEvent> encoded = new ArrayList<>(chunk.size());
            chunk.forEach(event -> encoded.add(encoder.encode(event)));
            await(inFlight);
            RBatch batch = redisson.createBatch(BatchOptions.defaults());
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            encoded.forEach(outgoing -> ids.add(send(outgoing,
                    batch.getStream(outgoing.stream(), StringCodec.INSTANCE), script)));
            inFlight = batch.executeAsync().toCompletableFuture();
        }
        await(inFlight);
        List<String> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(await(id)));
        return out;
    }

    private CompletableFuture<String> send(OutgoingEvent outgoing, RStreamAsync<String, String> stream,
                                           RScriptAsync script) {
        Retention retention = config.retentionFor(outgoing.stream());
        CompletableFuture<String> id;
        if (outgoing.historyIdentifier() == null) {
            StreamAddArgs<String, String> args = retention.applyTo(
                    StreamAddArgs.entries(outgoing.message().fields()), config.clock());
            id = stream.addAsync(args).toCompletableFuture().thenApply(EntryId::format);
        } else {
            id = sendWithHistory(outgoing, retention, script);
        }
        return id.exceptionally(error -> {
            throw new PublishException("publishing '" + outgoing.message().name() + "' to stream '"
                    + outgoing.stream() + "' failed: " + rootMessage(error), unwrap(error));
        });
    }

    private CompletableFuture<String> sendWithHistory(OutgoingEvent outgoing, Retention retention,
                                                      RScriptAsync script) {
        String name = outgoing.message().name();
        LocalDateTime now = LocalDateTime.ofInstant(config.clock().instant(), ZoneOffset.UTC);
        String snapshot = new HistorySnapshot("", name, outgoing.historyIdentifier(), now).toJson();
        String prefix = "{\"id\":\"";
        if (!snapshot.startsWith(prefix + "\"")) {
            throw new IllegalStateException("unexpected history snapshot layout: " + snapshot);
        }
        List<Object> args = new ArrayList<>();
        args.add(prefix);
        args.add(snapshot.substring(prefix.length()));
        args.addAll(retention.xaddWords(config.clock()));
        args.add("*");
        outgoing.message().fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        List<Object> keys = List.of(outgoing.stream(),
                HistorySnapshot.listKey(name, outgoing.historyIdentifier()));
        return script.<String>evalAsync(RScript.Mode.READ_WRITE, XADD_WITH_HISTORY, RScript.ReturnType.VALUE,
                keys, args.toArray()).toCompletableFuture();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof PublishException publish) {
                throw publish;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PublishException("publishing failed: " + rootMessage(cause), cause);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The failure and, when different, its innermost cause (e.g. "Connection refused: host:port"). */
    private static String rootMessage(Throwable error) {
        Throwable top = unwrap(error);
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = top.getClass().getSimpleName() + ": " + top.getMessage();
        return root == top ? text : text + " (cause: " + root.getMessage() + ")";
    }
}
