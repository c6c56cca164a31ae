package dev.streambus.publish;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.redis.StreamAppendCommands;
import dev.streambus.redis.connect.RedisFailures;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.StringCodec;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Writes a list of {@link Pending} events in ONE pipelined round trip and completes each event's future from its own
 * command's reply: the entry id, or a {@link PublishException} with what that command's failure left behind. The one
 * place every write passes through: {@link #write} is where a pre-write check belongs, and the settlement it returns is
 * where a written batch's outcome is known.
 *
 * <p>One event goes as a single command; more go as one pipeline ({@link StreamAppendCommands.Pipeline}) in which
 * consecutive plain events of one stream travel as one {@link StreamRun} script call (three arguments per event) and
 * keyed, replayable or entity events as one {@link #XADD_SCRIPT} call each. Commands are built as plain argument
 * arrays and replies read as plain strings ({@link StreamAppendCommands}: no {@code StreamAddArgs}, stream objects or
 * entry-id objects per event). Every command is sent once (no Redisson resend, see {@link #NO_RESEND}).
 *
 * <p>Events that need more than the integration entry go through one script, atomically and in the same round trip:
 * a {@link dev.streambus.event.Replayable} event also LPUSHes PHP's history snapshot onto
 * {@code <name>-<identifier>}; an {@link dev.streambus.event.EntityEvent} also XADDs a copy to its entity stream
 * {@code <entityType>:<entityId>} (same fields, {@code _id} = the integration entry's id). With an idempotency key the
 * script first looks the key up (see {@link IdempotencyKeys}): if it is there, it returns the recorded id and writes
 * nothing; otherwise it writes the entry and records {@code key -> id} with {@code SET NX PX idempotencyTtl}, all
 * atomically. On Redis >= 8.6 (detected in the script), a keyed event without entity copy or history snapshot uses
 * {@code XADD IDMP} instead, if {@link PublisherConfig#nativeIdempotency()} allows it.
 */
final class BatchWriter {

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
    private final StreamAppendCommands appends;

    BatchWriter(RedissonClient redisson, PublisherConfig config) {
        this.redisson = redisson;
        this.config = config;
        this.appends = new StreamAppendCommands(redisson);
    }

    /**
     * Writes the events in one round trip, in list order. The returned future completes (never exceptionally) once
     * Redis answered, with the settlement: running it completes each event's future from its own reply (the
     * {@link PublishQueue} runs it, then frees the lane).
     */
    CompletableFuture<Runnable> write(List<Pending> batch) {
        List<StreamRun> runs = StreamRun.split(batch);
        ReplicaAcks acks = config.replicaAcks();
        if (runs.size() == 1 && !acks.enabled()) {   // one command: no pipeline around it
            StreamRun run = runs.get(0);
            CompletableFuture<?> reply = send(run, appends::xadd, appends::eval);
            return reply.handle((ignored, error) -> () -> complete(run.events(), reply, null));
        }
        StreamAppendCommands.Pipeline pipeline = appends.pipeline();
        List<CompletableFuture<?>> replies = new ArrayList<>(runs.size());
        for (StreamRun run : runs) {
            replies.add(send(run, pipeline::xadd, pipeline::eval));
        }
        Map<String, CompletableFuture<Integer>> confirmed = acks.enabled() ? waitForReplicas(pipeline, runs, acks)
                : Map.of();
        CompletableFuture<?> executed;
        try {
            executed = pipeline.execute();
        } catch (RuntimeException e) {
            executed = CompletableFuture.failedFuture(e);
        }
        return executed.handle((ignored, batchFailure) -> () -> {
            for (int i = 0; i < runs.size(); i++) {
                CompletableFuture<?> reply = replies.get(i);
                List<Pending> events = runs.get(i).events();
                if (reply.isDone()) {
                    complete(events, reply, confirmed.get(runs.get(i).stream()));
                } else {
                    fail(events, batchFailure != null ? batchFailure
                            : new IllegalStateException("the pipelined write completed without this reply"));
                }
            }
        });
    }

    /**
     * Sends (or queues on a pipeline) the run's command: a plain XADD, the {@link #XADD_SCRIPT} for one event that
     * needs it, or the run's {@link StreamRun#SCRIPT}. A command that cannot be built fails only its own events.
     */
    private CompletableFuture<?> send(StreamRun run, Function<Object[], CompletableFuture<String>> xadd,
                                      ScriptSender script) {
        try {
            if (!run.single()) {
                return script.eval(StreamRun.SCRIPT, RScript.ReturnType.LIST, List.of(run.stream()),
                        run.arguments(config.retentionFor(run.stream()), config.clock()));
            }
            Pending event = run.events().get(0);
            return alone(event) ? xadd.apply(xaddCommand(event.event()))
                    : sendWithScript(event.event(), event.idempotencyKey(), script);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the event goes as a plain XADD (no idempotency key, history snapshot or entity copy). */
    private static boolean alone(Pending event) {
        return event.idempotencyKey() == null && !event.event().needsScript();
    }

    private Object[] xaddCommand(OutgoingEvent event) {
        return event.xaddCommand(config.retentionFor(event.stream()).xaddWords(config.clock()));
    }

    /** Sends a script: the single-command path or a pipeline's. */
    @FunctionalInterface
    private interface ScriptSender {
        <R> CompletableFuture<R> eval(String script, RScript.ReturnType returnType, List<Object> keys,
                                       Object[] args);
    }

    /**
     * One {@code WAIT} per stream of the write, queued after every command (so on each node's connection after all
     * of that node's writes): how many replicas confirmed them, by stream.
     */
    private static Map<String, CompletableFuture<Integer>> waitForReplicas(StreamAppendCommands.Pipeline pipeline,
                                                                         List<StreamRun> runs, ReplicaAcks acks) {
        Map<String, CompletableFuture<Integer>> confirmed = new LinkedHashMap<>();
        for (StreamRun run : runs) {
            confirmed.computeIfAbsent(run.stream(), stream -> pipeline.waitForReplicas(stream, acks.replicas(),
                    acks.timeout().toMillis()));
        }
        return confirmed;
    }

    /**
     * Completes the events from their command's reply: an entry id (one event) or the list of ids of a
     * {@link StreamRun}, or the command's failure. With {@code confirmed} (the replicas' {@code WAIT} reply), a
     * stored event the replicas did not confirm fails with {@link PublishOutcome#STORED_UNREPLICATED}.
     */
    private void complete(List<Pending> events, CompletableFuture<?> reply, CompletableFuture<Integer> confirmed) {
        Object value;
        try {
            value = reply.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            fail(events, e);
            return;
        }
        String unreplicated = confirmed == null ? null : unreplicated(confirmed);
        if (value instanceof String id && events.size() == 1) {
            settle(events.get(0), id, unreplicated);
            return;
        }
        if (!(value instanceof List<?> ids) || ids.size() != events.size()) {
            fail(events, new IllegalStateException("Redis returned " + value + " for " + events.size()
                    + " entries"));
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            settle(events.get(i), (String) ids.get(i), unreplicated);
        }
    }

    /** Why the replicas' confirmation falls short, or {@code null} when enough replicas confirmed. */
    private String unreplicated(CompletableFuture<Integer> confirmed) {
        ReplicaAcks acks = config.replicaAcks();
        Integer count;
        try {
            count = confirmed.getNow(null);
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return "WAIT for " + acks.replicas() + " replica(s) failed: "
                    + RedisFailures.describe(RedisFailures.unwrap(e));
        }
        if (count == null) {
            return "WAIT for " + acks.replicas() + " replica(s) got no reply";
        }
        return count >= acks.replicas() ? null : "only " + count + " of " + acks.replicas()
                + " replica(s) confirmed it within " + acks.timeout().toMillis() + " ms";
    }

    private static void settle(Pending event, String id, String unreplicated) {
        if (unreplicated == null) {
            event.id().complete(id);
        } else {
            event.id().completeExceptionally(new PublishException(event.describe() + " was stored as " + id
                    + ", but " + unreplicated, null, PublishOutcome.STORED_UNREPLICATED));
        }
    }

    private static void fail(List<Pending> events, Throwable error) {
        Throwable cause = RedisFailures.unwrap(error);
        String what = events.size() == 1 ? "publishing " + events.get(0).describe()
                : "publishing " + events.size() + " events to stream '" + events.get(0).event().stream() + "'";
        PublishException failure = cause instanceof PublishException known ? known : failed(what, cause);
        events.forEach(event -> event.id().completeExceptionally(failure));
    }

    /**
     * {@link CrossSlot#TWO_STEPS}: the event alone (through the script if keyed, so the key still guards it), then
     * its entity copy and history snapshot as separate commands, as Laravel Streamer writes them (not atomic).
     */
    CompletableFuture<String> sendInTwoSteps(Pending pending) {
        OutgoingEvent outgoing = pending.event();
        Pending alone = new Pending(new OutgoingEvent(outgoing.stream(), outgoing.message(), null, null,
                outgoing.extraFields()), pending.idempotencyKey());
        return sendAlone(alone)
                .exceptionally(error -> {
                    throw failed("publishing " + pending.describe(), RedisFailures.unwrap(error));
                })
                .thenCompose(id -> secondStep(outgoing, id).handle((done, error) -> {
                    if (error != null) {
                        Throwable cause = RedisFailures.unwrap(error);
                        throw new PublishException("'" + outgoing.message().name() + "' was stored as " + id
                                + " in stream '" + outgoing.stream() + "', but its second step (CrossSlot.TWO_STEPS) "
                                + "failed: " + RedisFailures.describe(cause), cause);
                    }
                    return id;
                }));
    }

    private CompletableFuture<?> secondStep(OutgoingEvent outgoing, String id) {
        List<CompletableFuture<?>> writes = new ArrayList<>(2);
        if (outgoing.entityStream() != null) {
            Map<String, String> copy = outgoing.fields();
            List<String> trim = config.retentionFor(outgoing.entityStream()).xaddWords(config.clock());
            Object[] command = new Object[2 + trim.size() + 2 * copy.size()];
            int i = StreamAppendCommands.putXaddHead(command, outgoing.entityStream(), trim);
            for (Map.Entry<String, String> field : copy.entrySet()) {
                command[i++] = field.getKey();
                command[i++] = "_id".equals(field.getKey()) ? id : field.getValue();
            }
            writes.add(appends.xadd(command));
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

    /** One event alone, as one command (plain XADD, or the script when keyed). */
    private CompletableFuture<String> sendAlone(Pending event) {
        try {
            return alone(event) ? appends.xadd(xaddCommand(event.event()))
                    : sendWithScript(event.event(), event.idempotencyKey(), appends::eval);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<String> sendWithScript(OutgoingEvent outgoing, String idempotencyKey,
                                                     ScriptSender script) {
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
        outgoing.fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return script.eval(XADD_SCRIPT, RScript.ReturnType.VALUE, keys, args.toArray());
    }

    private void addRetentionWords(List<Object> args, String stream) {
        List<String> words = stream == null ? List.of() : config.retentionFor(stream).xaddWords(config.clock());
        args.add(Integer.toString(words.size()));
        args.addAll(words);
    }

    /**
     * {@code "<what> failed: <Redis error>"} (see {@link RedisFailures}), the original error as the cause, and what it
     * left in Redis ({@link PublishOutcome#of}).
     */
    static PublishException failed(String what, Throwable error) {
        Throwable cause = RedisFailures.unwrap(error);
        return new PublishException(what + " failed: " + RedisFailures.describe(cause), cause,
                PublishOutcome.of(cause));
    }
}
