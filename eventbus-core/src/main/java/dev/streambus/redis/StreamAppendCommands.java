package dev.streambus.redis;

import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.ObjectParams;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.command.CommandBatchService;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The write side's raw commands: XADD and publish scripts sent through Redisson's command executor with the
 * arguments as plain strings (written as UTF-8 straight into the request, no codec pass, no {@code StreamAddArgs} or
 * per-call stream object) and the entry id decoded as a plain string (no {@code StreamMessageId}). Routing is by the
 * stream key, as for any Redisson command (Redis Cluster included); connection handling, reconnection and timeouts
 * are Redisson's.
 *
 * <p>A single XADD or script is written straight on a pooled connection to its master ({@link DirectWrite});
 * pipelines go through the executor.
 *
 * <p>Every command is sent once: Redisson would resend a write after a response timeout, storing it twice, so the
 * executor here has no retry attempts and a failure describes the only attempt.
 */
public final class StreamAppendCommands {

    /** XADD whose reply (the new entry id) is decoded as a string by {@link StringCodec}. */
    private static final RedisCommand<String> XADD = new RedisCommand<>("XADD");

    private static final int NO_RESEND = 0;

    /** Per reply type, EVALSHA with that type's decoding. */
    private static final Map<RScript.ReturnType, RedisCommand<Object>> EVALSHA = new ConcurrentHashMap<>();

    private final CommandAsyncExecutor executor;
    private final DirectWrite direct;

    /**
     * @throws IllegalArgumentException when {@code redisson} is not Redisson's own client (its command executor is
     *                                  what this writes through)
     */
    public StreamAppendCommands(RedissonClient redisson) {
        this(executorOf(redisson), DirectWrite.of((Redisson) redisson));
    }

    /**
     * Commands sent through {@code executor}: Redisson's own, or a pipeline's batch service; a single XADD goes
     * {@code direct} when that is set (not on a pipeline).
     */
    private StreamAppendCommands(CommandAsyncExecutor executor, DirectWrite direct) {
        this.executor = executor;
        this.direct = direct;
    }

    private static CommandAsyncExecutor executorOf(RedissonClient redisson) {
        if (!(redisson instanceof Redisson client)) {
            throw new IllegalArgumentException("publishing needs Redisson's own client (org.redisson.Redisson), got "
                    + redisson.getClass().getName());
        }
        return client.getCommandExecutor().copy((ObjectParams) PlainOptions.name("streambus-publish")
                .retryAttempts(NO_RESEND));
    }

    /**
     * {@code XADD <command...>}: {@code command[0]} is the stream key, then the trim words, {@code *} and the field,
     * value pairs. Completes with the new entry id.
     */
    public CompletableFuture<String> xadd(Object[] command) {
        if (direct == null) {
            return xaddViaExecutor(command);
        }
        return direct.send((String) command[0], StringCodec.INSTANCE, XADD, command, () -> xaddViaExecutor(command));
    }

    private CompletableFuture<String> xaddViaExecutor(Object[] command) {
        return executor.<String, String>writeAsync((String) command[0], StringCodec.INSTANCE, XADD, command)
                .toCompletableFuture();
    }

    /**
     * Puts the head of an XADD command into {@code command}: the stream key, the trim words (e.g. {@code MAXLEN ~
     * 1000}), then {@code *}; returns the index where the field/value pairs go.
     */
    public static int putXaddHead(Object[] command, String key, List<String> trimWords) {
        int i = 0;
        command[i++] = key;
        for (String word : trimWords) {
            command[i++] = word;
        }
        command[i++] = "*";
        return i;
    }

    /**
     * Runs a write script whose first key is {@code keys.get(0)} (routing); completes with its reply. Outside a
     * pipeline it goes as EVALSHA straight on a connection ({@link DirectWrite}); when the server does not know the
     * script yet (NOSCRIPT: not run), through Redisson's executor, which loads it.
     */
    public <R> CompletableFuture<R> eval(String script, RScript.ReturnType returnType, List<Object> keys,
                                         Object[] args) {
        if (direct == null) {
            return evalViaExecutor(script, returnType, keys, args);
        }
        Object[] params = new Object[2 + keys.size() + args.length];
        params[0] = executor.getServiceManager().calcSHA(script);
        params[1] = Integer.toString(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            params[2 + i] = keys.get(i);
        }
        System.arraycopy(args, 0, params, 2 + keys.size(), args.length);
        return cast(direct.send((String) keys.get(0), StringCodec.INSTANCE,
                EVALSHA.computeIfAbsent(returnType, t -> new RedisCommand<>(command(t), "EVALSHA")), params,
                () -> evalViaExecutor(script, returnType, keys, args)));
    }

    private <R> CompletableFuture<R> evalViaExecutor(String script, RScript.ReturnType returnType, List<Object> keys,
                                                     Object[] args) {
        return cast(executor.evalWriteAsync((String) keys.get(0), StringCodec.INSTANCE,
                command(returnType), script, keys, args).toCompletableFuture());
    }

    @SuppressWarnings("unchecked")      // the script's reply type, as the caller's return type says
    private static RedisCommand<Object> command(RScript.ReturnType returnType) {
        return (RedisCommand<Object>) returnType.getCommand();
    }

    @SuppressWarnings("unchecked")      // no extra stage to convert the reply: the caller names its type
    private static <R> CompletableFuture<R> cast(CompletableFuture<?> reply) {
        return (CompletableFuture<R>) reply;
    }

    /** A new pipeline: commands queued on it go out together on {@link Pipeline#execute()}. */
    public Pipeline pipeline() {
        return new Pipeline(executor.createCommandBatchService(BatchOptions.defaults().retryAttempts(NO_RESEND)));
    }

    /**
     * Commands sent in one round trip per node (Redisson's batch, non-atomic). Each queued command's future completes
     * from its own reply once the pipeline ran.
     */
    public static final class Pipeline {

        private final CommandBatchService batch;
        private final StreamAppendCommands queued;

        private Pipeline(CommandBatchService batch) {
            this.batch = batch;
            this.queued = new StreamAppendCommands(batch, null);
        }

        /** Queues {@link StreamAppendCommands#xadd}. */
        public CompletableFuture<String> xadd(Object[] command) {
            return queued.xadd(command);
        }

        /** Queues {@link StreamAppendCommands#eval}. */
        public <R> CompletableFuture<R> eval(String script, RScript.ReturnType returnType, List<Object> keys,
                                             Object[] args) {
            return queued.eval(script, returnType, keys, args);
        }

        /**
         * Queues {@code WAIT replicas timeoutMillis} on the connection of {@code key}'s node, after what was queued
         * for that node: completes with how many replicas confirmed those writes.
         */
        public CompletableFuture<Integer> waitForReplicas(String key, int replicas, long timeoutMillis) {
            return batch.<Integer, Integer>writeAsync(key, StringCodec.INSTANCE, RedisCommands.WAIT, replicas,
                    timeoutMillis).toCompletableFuture();
        }

        /** Sends everything queued; completes when every reply came back (or the pipeline failed). */
        public CompletableFuture<Void> execute() {
            return batch.executeAsyncVoid().toCompletableFuture();
        }
    }
}
