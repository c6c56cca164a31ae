package dev.streambus.projection;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.progress.ProgressMeter;
import dev.streambus.projection.source.EntityStreams;
import dev.streambus.projection.source.EntryDecoder;
import dev.streambus.projection.source.Envelope;
import dev.streambus.projection.source.Prefetcher;
import dev.streambus.projection.source.ReplayCut;
import dev.streambus.projection.source.ReplaySource;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.client.codec.StringCodec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Replays history into one build: each replay first takes one cut through every stream at the Redis clock and
 * stops there (so it ends even while producers append, and applies a consistent prefix of the history in id order;
 * what comes later is the live path's, see {@link ReplayCut}); XRANGE pages of all streams read ahead in parallel
 * and decoded on decoding threads ({@link ReplaySource}), merged in entry-id order on a reader thread
 * ({@link Prefetcher}, bounded read-ahead), applied by the caller's thread in transactions
 * sized by time ({@link CommitSizer}). Replays never write guard rows: they apply each stream in id order, so the
 * checkpoint committed with each transaction covers every entry in it.
 */
final class Replayer {

    /** Where a replay ended. */
    record Replay(Progress progress, Map<String, EntryId> ends) {
    }

    private final Projection projection;
    private final RedisStreams redis;
    private final RunnerConfig config;
    private final EntryDecoder decoder;
    private final AppliedTally tally;

    Replayer(Projection projection, RedisStreams redis, RunnerConfig config, EntryDecoder decoder,
             AppliedTally tally) {
        this.tally = tally;
        this.projection = projection;
        this.redis = redis;
        this.config = config;
        this.decoder = decoder;
    }

    /** A meter for a replay of the projection's streams, total = their current lengths. */
    ProgressMeter meter(String phase, Iterable<String> streams, dev.streambus.projection.progress.ProgressListener l) {
        return new ProgressMeter(projection.name(), phase, totalLength(streams), l, config.progressInterval());
    }

    /** Per stream of the projection, the writer's checkpoint: where a catch-up starts. */
    Map<String, EntryId> fromCheckpoints(BuildWriter writer) {
        Map<String, EntryId> from = new LinkedHashMap<>();
        streams().forEach(s -> from.put(s, writer.applier.checkpoint(s)));
        return from;
    }

    /**
     * Replays from {@code from} (exclusive) to each stream's last id as of the start (see class docs), counting on
     * {@code meter}; returns where each stream's replay ended.
     */
    Map<String, EntryId> replay(BuildWriter target, Map<String, EntryId> from, ProgressMeter meter)
            throws SQLException, InterruptedException {
        return replay(target, from, meter, () -> false);
    }

    /** As above; stops with a {@link CancellationException} between two transactions once {@code cancelled}. */
    Map<String, EntryId> replay(BuildWriter target, Map<String, EntryId> from, ProgressMeter meter,
                                 BooleanSupplier cancelled) throws SQLException, InterruptedException {
        Map<String, EntryId> until = ReplayCut.now(redis, List.copyOf(from.keySet()));
        CommitSizer sizer = new CommitSizer(config.batchSize(), config.maxCommitEntries(), config.commitInterval());
        try (ReplaySource source = new ReplaySource(redis, from, until, config.batchSize(), decoder);
             Prefetcher prefetch = new Prefetcher("projection-" + projection.name() + "-replay",
                source::nextBatch, config.batchSize(), config.prefetchDepth())) {
            List<Envelope> pending = new ArrayList<>();
            while (true) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("replay of projection '" + projection.name() + "' cancelled");
                }
                List<Envelope> batch = prefetch.take();
                pending.addAll(batch);
                if (!pending.isEmpty() && (batch.isEmpty() || pending.size() >= sizer.size())) {
                    long t0 = System.nanoTime();
                    tally.add(target.applier.apply(pending, false));
                    sizer.committed(pending.size(), System.nanoTime() - t0);
                    meter.advance(pending.size());
                    pending = new ArrayList<>();
                }
                if (batch.isEmpty()) {
                    break;
                }
            }
            return source.endPositions();
        }
    }

    /** One complete catch-up of {@code target} from its checkpoints, with its own meter. */
    Replay catchUp(BuildWriter target, String phase) throws SQLException, InterruptedException {
        Map<String, EntryId> from = fromCheckpoints(target);
        ProgressMeter meter = meter(phase, from.keySet(), config.progressListener());
        Map<String, EntryId> ends = replay(target, from, meter);
        return new Replay(meter.finish(), ends);
    }

    /** The streams replays read: the event streams, or the entity streams found now. */
    List<String> streams() {
        if (projection.readsEntityStreams()) {
            return new EntityStreams(redis.redisson()).find(projection.entityType());
        }
        return projection.eventNames();
    }

    private long totalLength(Iterable<String> streams) {
        RBatch batch = redis.redisson().createBatch();
        List<RFuture<Long>> sizes = new ArrayList<>();
        streams.forEach(s -> sizes.add(batch.getStream(s, StringCodec.INSTANCE).sizeAsync()));
        if (sizes.isEmpty()) {
            return 0;
        }
        batch.execute();
        return sizes.stream().mapToLong(f -> f.toCompletableFuture().join()).sum();
    }
}
