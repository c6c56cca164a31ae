package dev.streambus.benchmarks.bus;

import dev.streambus.redis.StreamAppendCommands;
import dev.streambus.redis.connect.RedisUrl;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.RedisConnection;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.connection.ServiceManager;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baseline: plain Redisson, no encoding. The same Laravel field map (one pre-encoded event, a
 * {@link LinkedHashMap} of strings, {@link StringCodec}) XADDed n times in {@link RBatch}es of {@code batchSize},
 * one batch after another ({@code inFlight = 1}, the baseline) or with several batches in flight (a diagnostic:
 * our publishAll's pipelining without our encoding); or one by one on a single connection of Redisson's own
 * {@link RedisClient} (a diagnostic: the least any caller of Redisson pays per round trip).
 */
final class RawPublish {

    private final RedissonClient redisson;
    private final LinkedHashMap<String, String> fields;
    private final String stream;
    private final RunKeys keys;

    RawPublish(RedissonClient redisson, LinkedHashMap<String, String> fields, String stream, RunKeys keys) {
        this.redisson = redisson;
        this.fields = fields;
        this.stream = stream;
        this.keys = keys;
    }

    /** The field map every XADD writes (do not modify). */
    LinkedHashMap<String, String> fields() {
        return fields;
    }

    Rounds.Trial batches(int n, int batchSize, int inFlight) {
        return () -> {
            int count = n;
            try {
                return Rounds.time(count, () -> write(count, batchSize, inFlight));
            } finally {
                keys.delete(stream);
            }
        };
    }

    /**
     * XADD one by one, each waited for, with {@link RedisConnection#sync} on one connection of a bare
     * {@link RedisClient} to {@code url} (on the benchmark client's netty threads): no pool, no command executor and
     * its retries; only Redisson's netty I/O thread and its RESP codec between the caller and the socket.
     */
    Rounds.Trial oneByOneOnConnection(RedisUrl url, int n) {
        Object[] params = xaddParams();
        ServiceManager shared = ((Redisson) redisson).getServiceManager();
        return () -> {
            RedisClientConfig config = new RedisClientConfig()
                    .setGroup(shared.getGroup()).setSocketChannelClass(shared.getSocketChannelClass())
                    .setTimer(shared.getTimer()).setExecutor(shared.getExecutor())
                    .setResolverGroup(shared.getResolverGroup())
                    .setAddress(url.address())
                    .setDatabase(url.database()).setUsername(url.username()).setPassword(url.password());
            RedisClient client = RedisClient.create(config);
            try {
                RedisConnection connection = client.connect();
                Rounds.Timed timed = Rounds.time(n, () -> {
                    for (int i = 0; i < n; i++) {
                        connection.sync(StringCodec.INSTANCE, RedisCommands.XADD, params);
                    }
                });
                long length = connection.sync(StringCodec.INSTANCE, RedisCommands.XLEN, stream);
                if (length != n) {
                    throw new IllegalStateException("stream holds " + length + " entries after writing " + n);
                }
                return timed;
            } finally {
                client.shutdown();
                keys.delete(stream);
            }
        };
    }

    /** {@code stream * field value ...}: XADD's arguments for the field map. */
    private Object[] xaddParams() {
        Object[] params = new Object[2 + fields.size() * 2];
        int i = StreamAppendCommands.putXaddHead(params, stream, List.of());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            params[i++] = field.getKey();
            params[i++] = field.getValue();
        }
        return params;
    }

    /** Writes n entries (also used untimed, to fill the stream of the raw consume baseline). */
    void write(int n, int batchSize, int inFlight) {
        Deque<RFuture<?>> pending = new ArrayDeque<>();
        for (int from = 0; from < n; from += batchSize) {
            RBatch batch = redisson.createBatch(BatchOptions.defaults());
            RStreamAsync<String, String> s = batch.getStream(stream, StringCodec.INSTANCE);
            for (int i = from; i < Math.min(n, from + batchSize); i++) {
                s.addAsync(StreamAddArgs.entries(fields));
            }
            pending.add(batch.executeAsync());
            if (pending.size() >= inFlight) {
                pending.removeFirst().toCompletableFuture().join();
            }
        }
        pending.forEach(f -> f.toCompletableFuture().join());
    }
}
