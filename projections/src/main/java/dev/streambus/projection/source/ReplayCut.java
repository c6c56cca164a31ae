package dev.streambus.projection.source;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.connect.RedisFailures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Where a replay that starts now stops, per stream: one cut through all streams at the Redis clock. Everything
 * stored before the cut is replayed; everything after it is the live path's, whichever stream it goes to.
 *
 * <p>How: TIME is read until its millisecond moves on from the first reading (so every entry stored before the call
 * is before the cut), then each stream's last id (XINFO STREAM's last-generated-id; {@link EntryId#MIN} when the
 * stream does not exist). A stream's bound is the smaller of its last id and the millisecond before the last TIME.
 * An entry added after that TIME gets an id at or after it, so it is past every bound, however the XINFO calls
 * interleave with producers.
 *
 * <p>Why: bounding each stream by its own last id alone is not a cut. An XINFO that runs a moment later than
 * another can include an entry written after an entry of the other stream that the replay leaves out, and the
 * projection then applies the later event first (an "order shipped" before its "order placed").
 *
 * <p>On a Redis Cluster the cut uses the clock of the first stream's master; other masters may differ by their
 * clock skew.
 */
public final class ReplayCut {

    private ReplayCut() {
    }

    /** Per stream, in the order given, the last id a replay starting now reads (inclusive). */
    public static Map<String, EntryId> now(RedisStreams redis, List<String> streams) throws InterruptedException {
        if (streams.isEmpty()) {
            return Map.of();
        }
        String clock = streams.get(0);
        long started = redis.serverMillis(clock);
        long now = redis.serverMillis(clock);
        while (now <= started) {
            TimeUnit.MILLISECONDS.sleep(1);
            now = redis.serverMillis(clock);
        }
        EntryId cut = new EntryId(now - 1, Long.MAX_VALUE);
        Map<String, CompletableFuture<EntryId>> last = new LinkedHashMap<>();
        streams.forEach(s -> last.put(s, redis.stream(s).getInfoAsync().toCompletableFuture()
                .thenApply(info -> new EntryId(info.getLastGeneratedId().getId0(),
                        info.getLastGeneratedId().getId1()))));
        Map<String, EntryId> out = new LinkedHashMap<>();
        last.forEach((stream, f) -> {
            try {
                EntryId id = f.join();
                out.put(stream, id.isAfter(cut) ? cut : id);
            } catch (CompletionException e) {
                if (!RedisFailures.describe(e.getCause()).startsWith("ERR no such key")) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                out.put(stream, EntryId.MIN);
            }
        });
        return out;
    }
}
