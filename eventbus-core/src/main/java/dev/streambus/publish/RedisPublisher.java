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
import org.redisson.api.options.OptionalOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@link Publisher} on Redis Streams through Redisson: one XADD per event with the fields in Laravel's order, and
 * pipelined {@link RBatch}es for {@link #publishAll} (the next batch encoded while the previous one travels).
 *
 * <p>Events that need more than the integration entry go through one script, atomically and in the same round
 * trip: a {@link dev.streambus.event.Replayable} event also LPUSHes PHP's history snapshot onto
 * {@code <name>-<identifier>}; an {@link dev.streambus.event.EntityEvent} also XADDs a copy to its entity stream
 * {@code <entityType>:<entityId>} (same fields, {@code _id} = the integration entry's id). The integration stream is
 * always the event name. On Redis Cluster such keys must share a hash slot; where they do not,
 * {@link PublisherConfig#crossSlot()} decides, checked locally before anything is written: refuse
 * ({@link CrossSlot#FAIL}, for {@link #publishAll} the whole list before its first write) or write in two steps
 * ({@link CrossSlot#TWO_STEPS}, as Laravel Streamer does; not atomic).
 *
 * <p>With an idempotency key the event goes through the same script, which first looks the key up (see
 * {@link IdempotencyKeys}): if it is there, the script returns the recorded id and writes nothing; otherwise it
 * writes the entry as without a key and records {@code key -> id} with {@code SET NX PX idempotencyTtl}, all
 * atomically. On Redis >= 8.6 (detected in the script), a keyed event without entity copy or history snapshot uses
 * {@code XADD IDMP} instead, if {@link PublisherConfig#nativeIdempotency()} allows it; that path is not exercised
 * by the tests here (Redis 7).
 */
public final class RedisPublisher implements Publisher {

    /**
     * KEYS: stream, [entity stream], [history list], [idempotency key]. ARGV: keyed ('1'/'0'), key TTL in ms, native
     * IDMP allowed ('1'/'0'), the caller's idempotency key, has entity, has history, snapshot prefix, snapshot
     * suffix, n, n retention words of the stream, m, m retention words of the entity stream, then the field/value
     * pairs. Returns the integration entry id (for a key seen before: the id it recorded, writing nothing).
     * Everything that can be refused is checked before the first write, so an error reply means nothing was stored.
     * A keyed plain event on Redis >= 8.6 uses XADD IDMP; otherwise the key is recorded with SET NX PX.
     */
    private static final String XADD_SCRIPT = """
            local keyed, ttl, native, iid = ARGV[1] == '1', ARGV[2], ARGV[3] == '1', ARGV[4]
            local hasEntity, hasHistory = ARGV[5] == '1', ARGV[6] == '1'
            local n = tonumber(ARGV[9])
            local m = tonumber(ARGV[10 + n])
            local first = 11 + n + m
            local entityKey = hasEntity and KEYS[2] or nil
            local historyKey = hasHistory and KEYS[hasEntity and 3 or 2] or nil
            if keyed then
              local prior = redis.call('GET', KEYS[#KEYS])
              if prior then return prior end
            end
            local function holdsOther(key, kind)
              local t = redis.call('TYPE', key).ok
              return t ~= 'none' and t ~= kind
            end
            if entityKey and holdsOther(entityKey, 'stream') then
              return redis.error_reply('WRONGTYPE entity stream ' .. entityKey .. ' is not a stream')
            end
            if historyKey and holdsOther(historyKey, 'list') then
              return redis.error_reply('WRONGTYPE history ' .. historyKey .. ' is not a list')
            end
            local idmp = keyed and native and not hasEntity and not hasHistory
              and (redis.REDIS_VERSION_NUM or 0) >= 525824 -- 8.6.0 (0x080600)
            local main, copy = {}, {}
            if idmp then main = {'IDMP', 'streambus', iid} end
            for i = 10, 9 + n do main[#main + 1] = ARGV[i] end
            for i = 11 + n, 10 + n + m do copy[#copy + 1] = ARGV[i] end
            main[#main + 1] = '*'
            for i = first, #ARGV do main[#main + 1] = ARGV[i] end
            local id = redis.call('XADD', KEYS[1], unpack(main))
            if hasEntity then
              copy[#copy + 1] = '*'
              for i = first, #ARGV, 2 do
                copy[#copy + 1] = ARGV[i]
                if ARGV[i] == '_id' then copy[#copy + 1] = id else copy[#copy + 1] = ARGV[i + 1] end
              end
              redis.call('XADD', entityKey, unpack(copy))
            end
            if hasHistory then redis.call('LPUSH', historyKey, ARGV[7] .. id .. ARGV[8]) end
            if keyed and not idmp then redis.call('SET', KEYS[#KEYS], id, 'NX', 'PX', ttl) end
            return id""";

    private static final String SNAPSHOT_PREFIX = "{\"id\":\"";

    /**
     * Publish commands are sent once: Redisson would resend a script or batch after a response timeout, storing it
     * twice. A failure then describes the only attempt, so its {@link PublishOutcome} is exact.
     */
    private static final int NO_RESEND = 0;

    private final RedissonClient redisson;
    private final PublisherConfig config;
    private final EventEncoder encoder;
    private final SlotCheck slots;

    public RedisPublisher(RedissonClient redisson, PublisherConfig config) {
        this.redisson = redisson;
        this.config = config;
        this.encoder = new EventEncoder(config);
        this.slots = new SlotCheck(redisson);
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
        return send(outgoing, idempotencyKey, redisson.getStream(PlainOptions.name(outgoing.stream())
                        .codec(StringCodec.INSTANCE).retryAttempts(NO_RESEND)),
                redisson.getScript(OptionalOptions.defaults().codec(StringCodec.INSTANCE).retryAttempts(NO_RESEND)));
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
     * Sends pipelined batches one after another (a later batch could otherwise overtake an earlier one on another
     * pooled connection and break the order within a stream); while one batch is on the wire, the next is encoded.
     * Within a batch, consecutive plain events of one stream travel as one {@link StreamRun} script call; keyed
     * events (keys non-null) travel one script call each.
     */
    private List<String> sendAll(List<?> events, List<String> keys) {
        if (!slots.disabled() && hasCrossSlotEvent(events)) {
            return sendOneByOne(events, keys);
        }
        List<CompletableFuture<List<String>>> ids = new ArrayList<>();
        SentBatch previous = null;
        for (int from = 0; from < events.size(); from += config.batchSize()) {
            int to = Math.min(events.size(), from + config.batchSize());
            List<OutgoingEvent> encoded = new ArrayList<>(to - from);
            events.subList(from, to).forEach(event -> encoded.add(encoder.encode(event)));
            List<StreamRun> runs = keys == null ? StreamRun.split(encoded) : List.of();
            if (previous != null) {
                previous.await();
            }
            RBatch batch = redisson.createBatch(BatchOptions.defaults().retryAttempts(NO_RESEND));
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            List<CompletableFuture<List<String>>> batchIds = new ArrayList<>();
            if (keys == null) {
                for (StreamRun run : runs) {
                    batchIds.add(run.single() ? sendInBatch(run.events().get(0), null, batch, script)
                            : sendRun(run, script));
                }
            } else {
                for (int i = 0; i < encoded.size(); i++) {
                    batchIds.add(sendInBatch(encoded.get(i), keys.get(from + i), batch, script));
                }
            }
            ids.addAll(batchIds);
            previous = new SentBatch(batch.executeAsync().toCompletableFuture(), batchIds, from, to, streamsOf(encoded));
        }
        if (previous != null) {
            previous.await();
        }
        List<String> out = new ArrayList<>(events.size());
        ids.forEach(run -> out.addAll(await(run)));
        return out;
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

    private CompletableFuture<List<String>> sendInBatch(OutgoingEvent outgoing, String idempotencyKey, RBatch batch,
                                                        RScriptAsync script) {
        return send(outgoing, idempotencyKey, batch.getStream(outgoing.stream(), StringCodec.INSTANCE), script)
                .thenApply(List::of);
    }

    /**
     * One executed {@link RBatch} of events {@code [from, to)} and the futures of its commands. A failed batch stored
     * nothing only if it is the call's first and it was never sent, or Redis refused every command in it.
     */
    private record SentBatch(CompletableFuture<?> done, List<CompletableFuture<List<String>>> ids, int from, int to,
                             String streams) {

        void await() {
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while publishing events " + from + ".." + (to - 1), e);
            } catch (ExecutionException e) {
                Throwable cause = RedisFailures.unwrap(e);
                boolean nothingStored = from == 0
                        && (PublishOutcome.neverSent(cause) || ids.stream().allMatch(SentBatch::refused));
                throw new PublishException("publishing events " + from + ".." + (to - 1) + " of the list to " + streams
                        + " failed" + (from == 0 ? "" : " (events 0.." + (from - 1) + " were stored)") + ": "
                        + RedisFailures.describe(cause),
                        cause, nothingStored ? PublishOutcome.NOT_STORED : PublishOutcome.UNKNOWN);
            }
        }

        private static boolean refused(CompletableFuture<?> command) {
            if (!command.isCompletedExceptionally()) {
                return false;
            }
            try {
                command.join();
                return false;
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                return RedisFailures.unwrap(e) instanceof PublishException publish && publish.isOutcomeKnown();
            }
        }
    }

    private static String streamsOf(List<OutgoingEvent> events) {
        List<String> streams = events.stream().map(OutgoingEvent::stream).distinct().toList();
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

    private CompletableFuture<String> send(OutgoingEvent outgoing, String idempotencyKey,
                                           RStreamAsync<String, String> stream, RScriptAsync script) {
        CompletableFuture<String> id;
        Optional<String> crossSlot = slots.problem(outgoing);
        if (crossSlot.isPresent()) {
            if (config.crossSlot() == CrossSlot.FAIL) {
                return CompletableFuture.failedFuture(new PublishException(crossSlot.get(), null,
                        PublishOutcome.NOT_STORED));
            }
            return sendInTwoSteps(outgoing, idempotencyKey, script);
        }
        if (outgoing.needsScript() || idempotencyKey != null) {
            id = sendWithScript(outgoing, idempotencyKey, script);
        } else {
            StreamAddArgs<String, String> args = config.retentionFor(outgoing.stream()).applyTo(
                    StreamAddArgs.entries(outgoing.message().fields()), config.clock());
            id = stream.addAsync(args).toCompletableFuture().thenApply(EntryId::format);
        }
        return id.exceptionally(error -> {
            throw failed("publishing '" + outgoing.message().name() + "' to stream '" + outgoing.stream() + "'", error);
        });
    }

    /**
     * {@link CrossSlot#TWO_STEPS}: the event alone (through the script if keyed, so the key still guards it), then
     * its entity copy and history snapshot as separate commands, as Laravel Streamer writes them.
     */
    private CompletableFuture<String> sendInTwoSteps(OutgoingEvent outgoing, String idempotencyKey,
                                                     RScriptAsync script) {
        OutgoingEvent alone = new OutgoingEvent(outgoing.stream(), outgoing.message(), null, null);
        RStreamAsync<String, String> stream = redisson.getStream(PlainOptions.name(outgoing.stream())
                .codec(StringCodec.INSTANCE).retryAttempts(NO_RESEND));
        return send(alone, idempotencyKey, stream, script).thenCompose(id -> secondStep(outgoing, id)
                .handle((done, error) -> {
                    if (error != null) {
                        throw new PublishException("'" + outgoing.message().name() + "' was stored as " + id
                                + " in stream '" + outgoing.stream() + "', but its second step (CrossSlot.TWO_STEPS) "
                                + "failed: " + RedisFailures.describe(RedisFailures.unwrap(error)),
                                RedisFailures.unwrap(error));
                    }
                    return id;
                }));
    }

    private CompletableFuture<?> secondStep(OutgoingEvent outgoing, String id) {
        List<CompletableFuture<?>> writes = new ArrayList<>(2);
        if (outgoing.entityStream() != null) {
            Map<String, String> copy = new LinkedHashMap<>(outgoing.message().fields());
            copy.computeIfPresent("_id", (field, value) -> id);
            StreamAddArgs<String, String> args = config.retentionFor(outgoing.entityStream())
                    .applyTo(StreamAddArgs.entries(copy), config.clock());
            writes.add(redisson.<String, String>getStream(PlainOptions.name(outgoing.entityStream())
                    .codec(StringCodec.INSTANCE).retryAttempts(NO_RESEND)).addAsync(args).toCompletableFuture());
        }
        if (outgoing.historyIdentifier() != null) {
            String[] snapshot = snapshotAround(outgoing);
            writes.add(redisson.<String>getDeque(PlainOptions.name(HistorySnapshot.listKey(outgoing.message().name(),
                    outgoing.historyIdentifier())).codec(StringCodec.INSTANCE).retryAttempts(NO_RESEND))
                    .addFirstAsync(snapshot[0] + id + snapshot[1]).toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** PHP's history snapshot of {@code outgoing} split around its entry id: {prefix, suffix}. */
    private String[] snapshotAround(OutgoingEvent outgoing) {
        String snapshot = new HistorySnapshot("", outgoing.message().name(), outgoing.historyIdentifier(),
                LocalDateTime.now(config.clock())).toJson(); // the clock's zone: PHP's app time zone
        if (!snapshot.startsWith(SNAPSHOT_PREFIX + "\"")) {
            throw new IllegalStateException("unexpected history snapshot layout: " + snapshot);
        }
        return new String[] {SNAPSHOT_PREFIX, snapshot.substring(SNAPSHOT_PREFIX.length())};
    }

    private CompletableFuture<String> sendWithScript(OutgoingEvent outgoing, String idempotencyKey,
                                                     RScriptAsync script) {
        List<Object> keys = new ArrayList<>(List.of(outgoing.stream()));
        List<Object> args = new ArrayList<>();
        args.add(idempotencyKey != null ? "1" : "0");
        args.add(Long.toString(config.idempotencyTtl().toMillis()));
        args.add(config.nativeIdempotency() ? "1" : "0");
        args.add(idempotencyKey != null ? idempotencyKey : "");
        args.add(outgoing.entityStream() != null ? "1" : "0");
        args.add(outgoing.historyIdentifier() != null ? "1" : "0");
        if (outgoing.entityStream() != null) {
            keys.add(outgoing.entityStream());
        }
        if (outgoing.historyIdentifier() != null) {
            String[] snapshot = snapshotAround(outgoing);
            args.add(snapshot[0]);
            args.add(snapshot[1]);
            keys.add(HistorySnapshot.listKey(outgoing.message().name(), outgoing.historyIdentifier()));
        } else {
            args.add("");
            args.add("");
        }
        if (idempotencyKey != null) {
            keys.add(IdempotencyKeys.storageKey(outgoing.stream(), idempotencyKey));
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

    /**
     * {@code "<what> failed: <Redis error>"} (see {@link RedisFailures}), the original error as the cause, and what it
     * left in Redis ({@link PublishOutcome#of}).
     */
    private static PublishException failed(String what, Throwable error) {
        Throwable cause = RedisFailures.unwrap(error);
        return new PublishException(what + " failed: " + RedisFailures.describe(cause), cause,
                PublishOutcome.of(cause));
    }
}
