package dev.streambus.consume;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import org.redisson.Redisson;
import org.redisson.api.RBatch;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * XACK in one group: one XACK per stream, several streams sent at once (each routed by its key, so on a cluster each
 * goes to its node), the ids as read (not parsed; through Redisson's command executor when the client is Redisson's
 * own, else as a batch of {@code RStream.ackAsync}). Confirmed acknowledgements move the group's recovery point
 * ({@link GroupCreation#settled}).
 */
final class GroupAcker implements Acker {

    private final RedisStreams redis;
    private final String group;
    private final GroupCreation groups;

    private final CommandAsyncExecutor executor;

    GroupAcker(RedisStreams redis, String group, GroupCreation groups) {
        this.redis = redis;
        this.group = group;
        this.groups = groups;
        this.executor = redis.redisson() instanceof Redisson client ? client.getCommandExecutor() : null;
    }

    @Override
    public CompletionStage<Void> acknowledge(List<StreamEntry> settled) {
        if (settled.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (executor != null) {
            return xack(settled).thenAccept(r -> groups.settled(settled));
        }
        Map<String, StreamMessageId[]> byStream = idsByStream(settled);
        if (byStream.size() == 1) {
            var only = byStream.entrySet().iterator().next();
            return redis.stream(only.getKey()).ackAsync(group, only.getValue()).thenAccept(n -> groups.settled(settled));
        }
        return batch(byStream).executeAsync().thenAccept(r -> groups.settled(settled));
    }

    /** As {@link #acknowledge}, waiting for Redis (its errors thrown as Redisson's). */
    void acknowledgeNow(List<StreamEntry> settled) {
        if (settled.isEmpty()) {
            return;
        }
        Map<String, StreamMessageId[]> byStream = idsByStream(settled);
        if (byStream.size() == 1) {
            var only = byStream.entrySet().iterator().next();
            redis.stream(only.getKey()).ack(group, only.getValue());
        } else {
            batch(byStream).execute();
        }
        groups.settled(settled);
    }

    /** {@code XACK stream group id...} per stream, the ids as read; completes when every one was confirmed. */
    private CompletableFuture<?> xack(List<StreamEntry> settled) {
        Map<String, List<Object>> args = new LinkedHashMap<>();
        for (StreamEntry e : settled) {
            args.computeIfAbsent(e.stream(), s -> {
                List<Object> xack = new ArrayList<>(settled.size() + 2);
                xack.add(s);
                xack.add(group);
                return xack;
            }).add(e.id());
        }
        CompletableFuture<?>[] sent = new CompletableFuture<?>[args.size()];
        int i = 0;
        for (Map.Entry<String, List<Object>> stream : args.entrySet()) {
            sent[i++] = executor.writeAsync(stream.getKey(), StringCodec.INSTANCE, RedisCommands.XACK,
                    stream.getValue().toArray()).toCompletableFuture();
        }
        return sent.length == 1 ? sent[0] : CompletableFuture.allOf(sent);
    }

    private static Map<String, StreamMessageId[]> idsByStream(List<StreamEntry> done) {
        Map<String, List<StreamMessageId>> byStream = new LinkedHashMap<>();
        done.forEach(e -> byStream.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(EntryId.parse(e.id())));
        Map<String, StreamMessageId[]> out = new LinkedHashMap<>();
        byStream.forEach((stream, ids) -> out.put(stream, ids.toArray(StreamMessageId[]::new)));
        return out;
    }

    private RBatch batch(Map<String, StreamMessageId[]> byStream) {
        RBatch batch = redis.redisson().createBatch();
        byStream.forEach((stream, ids) -> batch.getStream(stream, StringCodec.INSTANCE).ackAsync(group, ids));
        return batch;
    }
}
