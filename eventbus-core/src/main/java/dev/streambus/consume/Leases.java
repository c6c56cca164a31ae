package dev.streambus.consume;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.connect.RedisFailures;
import org.redisson.api.RBatch;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the entries a consumer holds in memory from idling into a peer's reclaim: every {@code reclaimIdle / 4} it
 * claims them for itself again ({@code XCLAIM <group> <consumer> 0 <ids> JUSTID}: the delivery count stays, the idle
 * time restarts), one XCLAIM per stream, pipelined. So an entry waiting behind a slow one, or behind the transfer of a
 * big read, stays this consumer's while it lives; once it crashes the renewals stop and its entries idle into a
 * reclaim as before. An entry acknowledged meanwhile is no longer pending, and XCLAIM leaves it alone. A failed
 * renewal is logged and tried again at the next tick.
 */
final class Leases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final RedisStreams redis;
    private final ConsumerConfig config;
    private final Supplier<Map<String, List<String>>> held;
    private ScheduledExecutorService timer;

    /** @param held the entries held now, their ids by stream */
    Leases(RedisStreams redis, ConsumerConfig config, Supplier<Map<String, List<String>>> held) {
        this.redis = redis;
        this.config = config;
        this.held = held;
    }

    void start() {
        long period = Math.max(1, config.reclaimIdle().toMillis() / 4);
        timer = Executors.newSingleThreadScheduledExecutor(config.threadFactory());
        timer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** Claims every entry held to this consumer again (resetting their idle time); waits for Redis. */
    void renew() {
        Map<String, List<String>> ids = held.get();
        if (ids.isEmpty()) {
            return;
        }
        try {
            RBatch batch = redis.redisson().createBatch();
            ids.forEach((stream, list) -> batch.getStream(stream, StringCodec.INSTANCE).fastClaimAsync(
                    config.group(), config.consumer(), 0, TimeUnit.MILLISECONDS,
                    list.stream().map(EntryId::parse).toArray(StreamMessageId[]::new)));
            batch.execute();
        } catch (RuntimeException e) {
            log.warn("consumer '{}': renewing the claim on the entries it holds failed (tried again in {} ms): {}",
                    config.consumer(), config.reclaimIdle().toMillis() / 4, RedisFailures.describe(e));
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
