package dev.streambus.publish;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.connect.RedisFailures;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@link Publisher} on Redis Streams through Redisson: one XADD per event with the fields in Laravel's order, and
 * pipelined {@link RBatch}es for {@link #publishAll} (the next batch encoded while the previous one travels).
 *
 * <p>Events that need more than the integration entry go through one script, atomically and in the same round
 * trip: a {@link dev.streambus.event.Replayable} event also LPUSHes PHP's history snapshot onto
 * {@code <name>-<identifier>}; an {@link dev.streambus.event.EntityEvent} also XADDs a copy to its entity stream
 * {@code <entityType>:<entityId>} (same fields, {@code _id} = the integration entry's id). The integration stream is
 * always the event name. On Redis Cluster such keys must share a hash slot.
 */
public final class RedisPublisher implements Publisher {

    /**
     * KEYS: stream, [entity stream], [history list]. ARGV: has entity ('1'/'0'), has history, snapshot prefix,
     * snapshot suffix, n, n retention words of the stream, m, m retention words of the entity stream, then the
     * field/value pairs. Returns the integration entry id.
     */
    private static final String XADD_SCRIPT = """
            local hasEntity, hasHistory = ARGV[1] == '1', ARGV[2] == '1'
            local n = tonumber(ARGV[5])
            local m = tonumber(ARGV[6 + n])
            local first = 7 + n + m
            local main, copy = {}, {}
            for i = 6, 5 + n do main[#main + 1] = ARGV[i] end
            for i = 7 + n, 6 + n + m do copy[#copy + 1] = ARGV[i] end
            main[#main + 1] = '*'
            for i = first, #ARGV do main[#main + 1] = ARGV[i] end
            local id = redis.call('XADD', KEYS[1], unpack(main))
            local key = 2
            if hasEntity then
              copy[#copy + 1] = '*'
              for i = first, #ARGV, 2 do
                copy[#copy + 1] = ARGV[i]
                if ARGV[i] == '_id' then copy[#copy + 1] = id else copy[#copy + 1] = ARGV[i + 1] end
              end
              redis.call('XADD', KEYS[key], unpack(copy))
              key = key + 1
            end
            if hasHistory then redis.call('LPUSH', KEYS[key], ARGV[3] .. id .. ARGV[4]) end
            return id""";

    private static final String SNAPSHOT_PREFIX = "{\"id\":\"";

    private final RedissonClient redisson;
    private final PublisherConfig config;
    private final EventEncoder encoder;

    public RedisPublisher(RedissonClient redisson, PublisherConfig config) {
        this.redisson = redisson;
        this.config = config;
        this.encoder = new EventEncoder(config);
        if (config.checkPermissions()) {
            new PermissionCheck(redisson, RequiredPermissions.publisher()).verify();
        }
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
     * Within a batch, consecutive plain events of one stream travel as one {@link StreamRun} script call.
     */
    @Override
    public List<String> publishAll(List<?> events) {
        List<CompletableFuture<List<String>>> ids = new ArrayList<>();
        CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
        for (int from = 0; from < events.size(); from += config.batchSize()) {
            List<?> chunk = events.subList(from, Math.min(events.size(), from + config.batchSize()));
            List<OutgoingEvent> encoded = new ArrayList<>(chunk.size());
            chunk.forEach(event -> encoded.add(encoder.encode(event)));
            List<StreamRun> runs = StreamRun.split(encoded);
            await(inFlight);
            RBatch batch = redisson.createBatch(BatchOptions.defaults());
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            for (StreamRun run : runs) {
                if (run.single()) {
                    OutgoingEvent only = run.events().get(0);
                    ids.add(send(only, batch.getStream(only.stream(), StringCodec.INSTANCE), script)
                            .thenApply(List::of));
                } else {
                    ids.add(sendRun(run, script));
                }
            }
            String what = "publishing " + chunk.size() + " events to " + streamsOf(runs);
            inFlight = batch.executeAsync().toCompletableFuture().exceptionally(error -> {
                throw failed(what, error);
            });
        }
        await(inFlight);
        List<String> out = new ArrayList<>(events.size());
        ids.forEach(run -> out.addAll(await(run)));
        return out;
    }

    private static String streamsOf(List<StreamRun> runs) {
        List<String> streams = runs.stream().map(StreamRun::stream).distinct().toList();
        return streams.size() == 1 ? "stream '" + streams.get(0) + "'" : "streams " + streams;
    }

    private CompletableFuture<List<String>> sendRun(StreamRun run, RScriptAsync script) {
        return run.send(script, config.retentionFor(run.stream()), config.clock()).toCompletableFuture()
                .thenApply(reply -> {
                    List<String> ids = new ArrayList<>(reply.size());
                    reply.forEach(id -> ids.add((String) id));
                    return ids;
                })
                .exceptionally(error -> {
                    throw failed("publishing " + run.events().size() + " events to stream '" + run.stream() + "'",
                            error);
                });
    }

    private CompletableFuture<String> send(OutgoingEvent outgoing, RStreamAsync<String, String> stream,
                                           RScriptAsync script) {
        CompletableFuture<String> id;
        if (outgoing.needsScript()) {
            id = sendWithScript(outgoing, script);
        } else {
            StreamAddArgs<String, String> args = config.retentionFor(outgoing.stream()).applyTo(
                    StreamAddArgs.entries(outgoing.message().fields()), config.clock());
            id = stream.addAsync(args).toCompletableFuture().thenApply(EntryId::format);
        }
        return id.exceptionally(error -> {
            throw failed("publishing '" + outgoing.message().name() + "' to stream '" + outgoing.stream() + "'", error);
        });
    }

    private CompletableFuture<String> sendWithScript(OutgoingEvent outgoing, RScriptAsync script) {
        List<Object> keys = new ArrayList<>(List.of(outgoing.stream()));
        List<Object> args = new ArrayList<>();
        args.add(outgoing.entityStream() != null ? "1" : "0");
        args.add(outgoing.historyIdentifier() != null ? "1" : "0");
        if (outgoing.entityStream() != null) {
            keys.add(outgoing.entityStream());
        }
        if (outgoing.historyIdentifier() != null) {
            String name = outgoing.message().name();
            String snapshot = new HistorySnapshot("", name, outgoing.historyIdentifier(),
                    LocalDateTime.now(config.clock())).toJson(); // the clock's zone: PHP's app time zone
            if (!snapshot.startsWith(SNAPSHOT_PREFIX + "\"")) {
                throw new IllegalStateException("unexpected history snapshot layout: " + snapshot);
            }
            args.add(SNAPSHOT_PREFIX);
            args.add(snapshot.substring(SNAPSHOT_PREFIX.length()));
            keys.add(HistorySnapshot.listKey(name, outgoing.historyIdentifier()));
        } else {
            args.add("");
            args.add("");
        }
        addRetentionWords(args, outgoing.stream());
        addRetentionWords(args, outgoing.entityStream());
        outgoing.message().fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return script.<String>evalAsync(RScript.Mode.READ_WRITE, XADD_SCRIPT, RScript.ReturnType.VALUE, keys,
                args.toArray()).toCompletableFuture();
    }

    private void addRetentionWords(List<Object> args, String stream) {
        List<String> words = stream == null ? List.of() : config.retentionFor(stream).xaddWords(config.clock());
        args.add(Integer.toString(words.size()));
        args.addAll(words);
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
            throw failed("publishing", cause);
        }
    }

    /** {@code "<what> failed: <Redis error>"} (see {@link RedisFailures}), the original error as the cause. */
    private static PublishException failed(String what, Throwable error) {
        return new PublishException(what + " failed: " + RedisFailures.describe(error), RedisFailures.unwrap(error));
    }
}
