package dev.streambus.benchmarks.bus;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;

/**
 * Baseline: plain Redisson, no encoding. The same Laravel field map (one pre-encoded event, a
 * {@link LinkedHashMap} of strings, {@link StringCodec}) XADDed n times in {@link RBatch}es of {@code batchSize},
 * one batch after another ({@code inFlight = 1}, the baseline) or with several batches in flight (a diagnostic:
 * our publishAll's pipelining without our encoding).
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
