package dev.streambus.benchmarks.bus;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.connection.stream.StringRecord;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StreamOperations;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The publish peers a Java user would pick instead of streambus, each XADDing the same {@link PeerEntry} field map n
 * times into a fresh stream (deleted after every round), no encoding: Spring Data Redis one by one and pipelined,
 * plain Lettuce sync one by one, async with manual flushing, and sync from many threads on one connection; plain Jedis
 * one by one and pooled from many threads.
 */
final class PeerPublish {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final PeerClients clients;
    private final PeerEntry entry;
    private final String stream;
    private final RunKeys keys;

    PeerPublish(PeerClients clients, PeerEntry entry, String stream, RunKeys keys) {
        this.clients = clients;
        this.entry = entry;
        this.stream = stream;
        this.keys = keys;
    }

    /** {@code template.opsForStream().add(record)} n times: one round trip each. */
    Rounds.Trial springOneByOne(int n) {
        StringRecord record = record();
        return deletingAfter(n, () -> {
            StreamOperations<String, Object, Object> ops = clients.template().opsForStream();
            for (int i = 0; i < n; i++) {
                ops.add(record);
            }
        });
    }

    /** Plain Lettuce sync {@code xadd} n times on its own connection: one round trip each. */
    Rounds.Trial lettuceOneByOne(int n) {
        return onOwnConnection(n, connection -> {
            RedisCommands<String, String> redis = connection.sync();
            return Rounds.time(n, () -> {
                for (int i = 0; i < n; i++) {
                    redis.xadd(stream, entry.fields());
                }
            });
        });
    }

    /**
     * Plain Jedis {@code xadd} n times on its own connection: one round trip each, on a blocking socket that the
     * calling thread writes and reads itself (no I/O thread between the caller and the socket, unlike every netty
     * client: Redisson, Lettuce, Spring Data Redis on Lettuce).
     */
    Rounds.Trial jedisOneByOne(int n) {
        return onOwnConnection(n, clients::newJedis, jedis -> Rounds.time(n, () -> {
            for (int i = 0; i < n; i++) {
                jedis.xadd(stream, XAddParams.xAddParams(), entry.fields());
            }
        }));
    }

    /**
     * Jedis's pooled client with one blocking connection per thread, {@code threadCount} threads at once, each
     * XADDing its share and waiting for each reply: many blocked callers without an I/O thread.
     */
    Rounds.Trial jedisPooledThreads(int n, int threadCount) {
        return onOwnConnection(n, () -> clients.newJedisPool(threadCount), jedis -> Rounds.timeInParallel(n,
                threadCount, i -> jedis.xadd(stream, XAddParams.xAddParams(), entry.fields())));
    }

    /** {@code template.executePipelined} of {@code batchSize} XADDs, one batch after another. */
    Rounds.Trial springPipelined(int n, int batchSize) {
        StringRecord record = record();
        return deletingAfter(n, () -> {
            for (int from = 0; from < n; from += batchSize) {
                int size = Math.min(batchSize, n - from);
                List<Object> ids = clients.template().executePipelined(new SessionCallback<Object>() {
                    @Override
                    @SuppressWarnings("unchecked") // a StringRedisTemplate's operations: K is String
                    public <K, V> Object execute(RedisOperations<K, V> operations) {
                        StreamOperations<String, Object, Object> stream =
                                (StreamOperations<String, Object, Object>) operations.opsForStream();
                        for (int i = 0; i < size; i++) {
                            stream.add(record);
                        }
                        return null;
                    }
                });
                requireSize(ids.size(), size);
            }
        });
    }

    /**
     * Plain Lettuce async on its own connection with {@code setAutoFlushCommands(false)}: {@code batchSize} XADDs,
     * {@code flushCommands()}, wait for all their replies, next batch.
     */
    Rounds.Trial lettuceFlushed(int n, int batchSize) {
        return onOwnConnection(n, connection -> {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> redis = connection.async();
            return Rounds.time(n, () -> {
                RedisFuture<?>[] replies = new RedisFuture<?>[batchSize];
                for (int from = 0; from < n; from += batchSize) {
                    int size = Math.min(batchSize, n - from);
                    for (int i = 0; i < size; i++) {
                        replies[i] = redis.xadd(stream, entry.fields());
                    }
                    connection.flushCommands();
                    if (!LettuceFutures.awaitAll(TIMEOUT, Arrays.copyOf(replies, size))) {
                        throw new IllegalStateException("Lettuce XADD batch timed out");
                    }
                }
            });
        });
    }

    /**
     * Plain Lettuce sync on ONE shared connection from {@code threadCount} threads at once, each XADDing its share
     * and waiting for each reply (Lettuce pipelines concurrent commands on the connection): what any client pays for
     * many blocked callers on this machine, the baseline for our many-thread row.
     */
    Rounds.Trial lettuceSyncThreads(int n, int threadCount) {
        return onOwnConnection(n, connection -> {
            RedisCommands<String, String> redis = connection.sync();
            return Rounds.timeInParallel(n, threadCount, i -> redis.xadd(stream, entry.fields()));
        });
    }

    private StringRecord record() {
        return StreamRecords.string(entry.fields()).withStreamKey(stream);
    }

    private Rounds.Trial deletingAfter(int n, Rounds.ThrowingRunnable body) {
        return () -> {
            try {
                return written(n, Rounds.time(n, body));
            } finally {
                keys.delete(stream);
            }
        };
    }

    /** A plain Lettuce trial: {@code body} times its writes on a connection of its own, closed after it. */
    private Rounds.Trial onOwnConnection(int n, Body<StatefulRedisConnection<String, String>> body) {
        return onOwnConnection(n, () -> clients.lettuce().connect(), body);
    }

    /** A trial on a connection of its own ({@code open}): {@code body} times its writes; closed after it. */
    private <C extends AutoCloseable> Rounds.Trial onOwnConnection(int n, Opener<C> open, Body<C> body) {
        return () -> {
            try (C connection = open.open()) {
                return written(n, body.time(connection));
            } finally {
                keys.delete(stream);
            }
        };
    }

    /** Opens a peer's own connection. */
    private interface Opener<C> {
        C open() throws Exception;
    }

    /** The timed part of a trial on its own connection, given that connection. */
    private interface Body<C> {
        Rounds.Timed time(C connection) throws Exception;
    }

    /** Checks (untimed) that the stream holds the n entries the trial claims to have written. */
    private Rounds.Timed written(int n, Rounds.Timed timed) {
        Long length = clients.template().opsForStream().size(stream);
        if (length == null || length != n) {
            throw new IllegalStateException("stream holds " + length + " entries after writing " + n);
        }
        return timed;
    }

    private static void requireSize(int got, int expected) {
        if (got != expected) {
            throw new IllegalStateException("pipeline returned " + got + " replies for " + expected + " XADDs");
        }
    }
}
