package dev.streambus.publish;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.event.EntityEvent;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@link Publisher} on Redis Streams through Redisson: one XADD per event with the fields in Laravel's order,
 * pipelined {@link RBatch}es for {@link #publishAll} (several in flight, the next batch encoded while earlier ones
 * travel), and for {@link dev.streambus.event.Replayable} events a script doing XADD + LPUSH of the history
 * snapshot atomically, in one round trip. For {@link EntityEvent}s a script also XADDs a copy to the entity stream
 * {@code <entityType>:<entityId>} (same fields, {@code _id} = the integration entry's id) atomically with the
 * integration XADD, in the same round trip; the integration stream stays the event name.
 */
public final class RedisPublisher implements Publisher {

    /** XADD, then LPUSH the snapshot (ARGV[1] .. id .. ARGV[2]) onto the history list; returns the id. */
    private static final String XADD_WITH_HISTORY = """
            local id = redis.call('XADD', KEYS[1], unpack(ARGV, 3))
            redis.call('LPUSH', KEYS[2], ARGV[1] .. id .. ARGV[2])
            return id""";

    /**
     * XADD to the integration stream (KEYS[1]), then XADD a copy to the entity stream (KEYS[2]) whose {@code _id}
     * is the integration id, then, when KEYS[3] is given, LPUSH the history snapshot. ARGV: snapshot prefix,
     * suffix, n, n retention words of KEYS[1], m, m retention words of KEYS[2], then field/value pairs.
     */
    private static final String XADD_WITH_ENTITY = """
            local n = tonumber(ARGV[3])
            local main = {}
            for i = 4, 3 + n do main[#main + 1] = ARGV[i] end
            local m = tonumber(ARGV[4 + n])
            local copy = {}
            for i = 5 + n, 4 + n + m do copy[#copy + 1] = ARGV[i] end
            main[#main + 1] = '*'
            copy[#copy + 1] = '*'
            local first = 5 + n + m
            for i = first, #ARGV do main[#main + 1] = ARGV[i] end
            local id = redis.call('XADD', KEYS[1], unpack(main))
            for i = first, #ARGV, 2 do
                copy[#copy + 1] = ARGV[i]
                if ARGV[i] == '_id' then copy[#copy + 1] = id else copy[#copy + 1] = ARGV[i + 1] end
            end
            redis.call('XADD', KEYS[2], unpack(copy))
            if KEYS[3] then redis.call('LPUSH', KEYS[3], ARGV[1] .. id .. ARGV[2]) end
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
        return send(outgoing, entityStreamOf(event));
    }

    /** Publishes an already encoded event (e.g. built by the CLI from raw JSON). */
    public CompletableFuture<String> send(OutgoingEvent outgoing) {
        return send(outgoing, null);
    }

    /**
     * Publishes an already encoded event, also to the per-entity stream {@code entityStream} when it is not null
     * (see {@link EntityEvent}).
     */
    public CompletableFuture<String> send(OutgoingEvent outgoing, String entityStream) {
        return send(outgoing, entityStream, redisson.getStream(outgoing.stream(), StringCodec.INSTANCE),
                redisson.getScript(StringCodec.INSTANCE));
    }

    private static String entityStreamOf(Object event) {
        return event instanceof EntityEvent entity ? entity.entityStream() : null;
    }

    @Override
    public List<String> publishAll(List<?> events) {
        List<CompletableFuture<String>> ids = new ArrayList<>(events.size());
        Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        for (int from = 0; from < events.size(); from += config.batchSize()) {
            List<?> chunk = events.subList(from, Math.min(events.size(), from + config.batchSize()));
            RBatch batch = redisson.createBatch(BatchOptions.defaults());
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            for (Object event : chunk) {
                OutgoingEvent outgoing = encoder.encode(event);
                ids.add(send(outgoing, entityStreamOf(event), batch.getStream(outgoing.stream(),
                        StringCodec.INSTANCE), script));
            }
            inFlight.add(batch.executeAsync().toCompletableFuture());
            if (inFlight.size() >= config.batchesInFlight()) {
                await(inFlight.removeFirst());
            }
        }
        inFlight.forEach(RedisPublisher::await);
        List<String> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(await(id)));
        return out;
    }

    private CompletableFuture<String> send(OutgoingEvent outgoing, String entityStream,
                                           RStreamAsync<String, String> stream, RScriptAsync script) {
        Retention retention = config.retentionFor(outgoing.stream());
        CompletableFuture<String> id;
        if (entityStream != null) {
            id = sendWithEntity(outgoing, entityStream, retention, script);
        } else if (outgoing.historyIdentifier() == null) {
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

    private CompletableFuture<String> sendWithEntity(OutgoingEvent outgoing, String entityStream,
                                                     Retention retention, RScriptAsync script) {
        List<Object> keys = new ArrayList<>(List.of(outgoing.stream(), entityStream));
        List<Object> args = new ArrayList<>();
        if (outgoing.historyIdentifier() == null) {
            args.add("");
            args.add("");
        } else {
            String[] snapshot = snapshotAround(outgoing);
            args.add(snapshot[0]);
            args.add(snapshot[1]);
            keys.add(HistorySnapshot.listKey(outgoing.message().name(), outgoing.historyIdentifier()));
        }
        List<String> mainWords = retention.xaddWords(config.clock());
        List<String> copyWords = config.retentionFor(entityStream).xaddWords(config.clock());
        args.add(Integer.toString(mainWords.size()));
        args.addAll(mainWords);
        args.add(Integer.toString(copyWords.size()));
        args.addAll(copyWords);
        outgoing.message().fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return script.<String>evalAsync(RScript.Mode.READ_WRITE, XADD_WITH_ENTITY, RScript.ReturnType.VALUE,
                keys, args.toArray()).toCompletableFuture();
    }

    /** The history snapshot JSON split around where the entry id goes. */
    private String[] snapshotAround(OutgoingEvent outgoing) {
        LocalDateTime now = LocalDateTime.ofInstant(config.clock().instant(), ZoneOffset.UTC);
        String snapshot = new HistorySnapshot("", outgoing.message().name(), outgoing.historyIdentifier(), now)
                .toJson();
        String prefix = "{\"id\":\"";
        if (!snapshot.startsWith(prefix + "\"")) {
            throw new IllegalStateException("unexpected history snapshot layout: " + snapshot);
        }
        return new String[]{prefix, snapshot.substring(prefix.length())};
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

    private static String rootMessage(Throwable error) {
        Throwable t = unwrap(error);
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
