package dev.streambus.projection;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.Problems;
import dev.streambus.event.EntityEvent;
import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.progress.ProgressMeter;
import dev.streambus.projection.source.EntityStreams;
import dev.streambus.projection.source.EntryDecoder;
import dev.streambus.projection.source.Envelope;
import dev.streambus.projection.source.LiveSource;
import dev.streambus.projection.source.Prefetcher;
import dev.streambus.projection.source.ReplaySource;
import dev.streambus.projection.store.OffsetStore;
import dev.streambus.projection.store.Position;
import dev.streambus.projection.store.RecordedFailure;
import dev.streambus.projection.store.SchemaMigrations;
import dev.streambus.projection.store.StreamPosition;
import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
import dev.streambus.redis.RedisErrors;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.EntryCodec;
import dev.streambus.redis.StoredText;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one {@link Projection} against Redis and a JDBC database: live through a consumer group, full rebuilds,
 * single-entity rebuilds and catch-up from checkpoints.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Exactly-once effect.</b> Each entry's handler writes, its guard row ({@code streambus_guard}) and its
 *       stream's checkpoint ({@code streambus_checkpoint}) commit in one transaction (one per batch). An entry at
 *       or below its checkpoint, or with a guard row, is never applied again; in live mode it is just acknowledged.
 *       Acknowledgements happen after the commit, so a crash between the two only causes a redelivery, which is
 *       passed over. Guard rows below the checkpoint are pruned after each commit: the guard table stays small.</li>
 *   <li><b>One writer.</b> All writes of a runner go through one connection, serialised by a lock; run one runner
 *       per projection at a time (the consumer name is fixed so a restart redoes its own pending entries first).
 *       Entries of a stream are then applied in id order, so a checkpoint is a gap-free watermark.</li>
 *   <li><b>Restart from checkpoints.</b> {@link #start()} first catches up from the database's checkpoints, so
 *       the database, not the group, says what was applied. Even a database that acknowledges commits it later
 *       loses in a crash (H2 with its default {@code WRITE_DELAY}) ends up exactly-once after a restart; use
 *       durable commits anyway (H2 {@code WRITE_DELAY=0}, PostgreSQL {@code synchronous_commit=on}).</li>
 *   <li><b>Rebuild hand-off without gap or duplicate.</b> {@link #rebuildAll()} holds the write lock, clears the
 *       read model, guard rows and checkpoints, replays every stream with XRANGE up to its end as of the moment
 *       the replay reaches it, then moves the live group to exactly those end ids (XGROUP SETID). Entries published
 *       meanwhile lie after the end ids and are delivered live; anything the group delivers again at or below
 *       them is passed over by the checkpoint rule. Chosen over re-reading from the group's old position (which
 *       would redeliver the whole history just to skip it) and over {@code $} (which would lose entries written
 *       between the end of the replay and SETID).</li>
 *   <li><b>Bounded memory.</b> Replays read and decode on a separate thread, at most {@code prefetchDepth}
 *       batches ahead of the writer; heap use does not depend on the history's length.</li>
 *   <li><b>Failures.</b> By default an entry that cannot be decoded or applied stops the operation (live: the
 *       loop; see {@link #failure()}) with a {@link ProjectionException} naming projection, stream, entry id and
 *       cause; its batch is rolled back and not acknowledged. With {@code skipFailures} the batch is redone with
 *       that entry recorded in {@code streambus_projection_failure} instead. Redis errors never stop the live
 *       loop: a permanent one (missing permission, a key of the wrong type) is logged at ERROR once and shown by
 *       {@link #state()} while it is retried with capped back-off; a transient one is retried at WARN.</li>
 * </ul>
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRunner.class);

    /** Cap of the back-off between two attempts of a loop that fails with a permanent Redis error. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final Projection projection;
    private final RedisStreams redis;
    private final RunnerConfig config;
    private final Connection connection;
    private final OffsetStore store;
    private final BatchApplier applier;
    private final EntryDecoder decoder;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final LiveSource live;

    private volatile Thread liveThread;
    private volatile boolean running;
    private volatile Throwable failure;
    private final Problems problems;
    // observability (issue 13): read without the write lock by metrics and health
    private final java.util.concurrent.atomic.AtomicLong appliedCount = new java.util.concurrent.atomic.AtomicLong();
    private volatile Map<String, Position> checkpointView = Map.of();

    private ProjectionRunner(Projection projection, RedissonClient redisson, DataSource dataSource,
                             RunnerConfig config) {
        this.projection = projection;
        this.redis = new RedisStreams(redisson);
        this.config = config;
        this.store = new OffsetStore(projection.name());
        this.decoder = new EntryDecoder(projection);
        SchemaMigrations.migrateFramework(dataSource);
        SchemaMigrations.migrateProjection(dataSource, projection.name(), projection.migrations());
        try {
            this.connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            this.applier = new BatchApplier(projection, store, connection, config.skipFailures());
            applier.reload();
            checkpointView = applier.checkpoints();
        } catch (SQLException e) {
            throw new IllegalStateException("projection '" + projection.name() + "': database not usable: "
                    + e.getMessage(), e);
        }
        this.problems = new Problems("projection '" + projection.name() + "'", Clock.systemUTC(),
                MAX_RETRY_DELAY);
        this.live = projection.readsEntityStreams() ? null : new LiveSource(redis, projection.eventNames(),
                ConsumerConfig.builder()
                        .group(config.group() != null ? config.group() : LiveSource.groupName(projection.name()))
                        .consumer(config.consumer()).startFrom("0").batchSize(config.batchSize())
                        .block(config.block()).reclaimIdle(config.reclaimIdle())
                        .reclaimInterval(config.reclaimInterval()).build(), decoder);
    }

    /** A runner; runs the framework's and the projection's Flyway migrations. Close it when done. */
    public static ProjectionRunner create(Projection projection, RedissonClient redisson, DataSource dataSource,
                                          RunnerConfig config) {
        return new ProjectionRunner(Objects.requireNonNull(projection), redisson, dataSource, config);
    }

    public static ProjectionRunner create(Projection projection, RedissonClient redisson, DataSource dataSource) {
        return create(projection, redisson, dataSource, RunnerConfig.defaults());
    }

    public Projection projection() {
        return projection;
    }

    /** The live consumer group name ({@code null} for entity-stream projections). */
    public String group() {
        return live == null ? null : live.group();
    }

    // ---------------------------------------------------------------- replay

    /**
     * Clears the read model ({@code reset}), the projection's guard rows, checkpoints and recorded failures, replays
     * the full history and hands over to live at the replay's end (see class docs). Blocks live writes meanwhile.
     *
     * @return the final progress report
     * @throws ProjectionException when an entry cannot be applied (default); batches before it stay committed
     */
    public Progress rebuildAll() {
        return locked(() -> {
            inTransaction(c -> {
                projection.reset().reset(c);
                store.clear(c);
            });
            applier.reload();
            checkpointView = applier.checkpoints();
            Map<String, Position> from = new LinkedHashMap<>();
            replayStreams().forEach(s -> from.put(s, Position.ZERO));
            Replay replay = replay("rebuild", from);
            if (live != null) {
                live.moveTo(replay.ends);
            }
            return replay.progress;
        });
    }

    /**
     * Applies what was published since the checkpoints (XRANGE from each stream's checkpoint, exclusive) up to the
     * streams' current ends. This is how a stopped projection catches up without a group; the live group passes
     * over whatever catch-up already applied.
     */
    public Progress catchUp() {
        return locked(() -> {
            Map<String, Position> from = new LinkedHashMap<>();
            replayStreams().forEach(s -> from.put(s, applier.checkpoint(s)));
            return replay("catch-up", from).progress;
        });
    }

    /**
     * Rebuilds one entity's rows in one transaction: {@code resetEntity}, then re-applies, in order, the entity's
     * events the projection has already applied. Events come from the entity stream
     * {@code <entityType>:<entityId>} (the {@code _id} field of each copy names its integration entry), or, without
     * an entity type, from Laravel Streamer's history lists {@code <eventName>-<entityId>} (snapshots of
     * {@code Replayable} events). Events the projection has not applied yet are left to the live loop, so live
     * and entity rebuilds never apply an event twice. Guard rows and checkpoints are not touched.
     *
     * @throws ProjectionException when an event cannot be applied; nothing of the rebuild is kept
     */
    public int rebuildEntity(String entityId) {
        if (projection.resetEntity() == null) {
            throw new IllegalStateException("projection '" + projection.name() + "' has no resetEntity(...)");
        }
        return locked(() -> {
            List<Tracked> events = entityEvents(entityId);
            int[] applied = {0};
            inTransaction(c -> {
                projection.resetEntity().reset(c, entityId);
                for (Tracked t : events) {
                    if (applier.isApplied(t.at)) {
                        applier.invoke(t.envelope);
                        applied[0]++;
                    }
                }
            });
            log.info("projection '{}' rebuilt entity '{}' from {} events", projection.name(), entityId, applied[0]);
            return applied[0];
        });
    }

    // ---------------------------------------------------------------- live

    /**
     * Starts the live loop on its own thread: first catch up from the checkpoints with XRANGE and move the group to
     * where that ended (as {@link #rebuildAll()} does), then read from the group, apply each batch (one
     * transaction), acknowledge after the commit. Entity-stream projections poll {@link #catchUp()} instead. Stops on the first
     * {@link ProjectionException} unless {@code skipFailures}; see {@link #failure()}.
     *
     * @throws dev.streambus.permission.MissingPermissionsException if the Redis ACL user lacks what the live loop
     *                                                              needs (unless {@code checkPermissions} is off)
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        if (config.checkPermissions() && live != null) {
            new PermissionCheck(redis.redisson(), RequiredPermissions.projection(projection.name(), live.group(),
                    projection.eventNames())).verify();
        }
        running = true;
        failure = null;
        Thread t = new Thread(live != null ? this::liveLoop : this::pollLoop, "projection-" + projection.name());
        t.setDaemon(true);
        liveThread = t;
        t.start();
    }

    /** Stops the live loop (waits up to the BLOCK time plus the current batch). */
    public synchronized void stop() {
        running = false;
        Thread t = liveThread;
        if (t != null) {
            try {
                t.join(config.block().toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            liveThread = null;
        }
    }

    /** True while the live loop runs. */
    public boolean isRunning() {
        return running;
    }

    /** Why the live loop stopped by itself, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * The live loop's state for health checks: {@code STOPPED} when not started or stopped; {@code FAILED} when it
     * stopped by itself ({@link #failure()}) or while a permanent Redis error (missing permission, wrong key type)
     * keeps it from reading, {@code DEGRADED} while one stream or the reclaim step fails permanently and the rest goes
     * on, else {@code RUNNING}. A permanent error is logged at ERROR once and retried with capped back-off; the
     * state returns to {@code RUNNING} (logged at INFO) once the retry works.
     */
    public ConsumerState state() {
        Throwable stoppedBy = failure;
        if (!running) {
            return stoppedBy == null ? new ConsumerState(ConsumerState.Status.STOPPED, List.of())
                    : new ConsumerState(ConsumerState.Status.FAILED, List.of(new ConsumerState.Problem(
                            ConsumerState.Step.LOOP, null, String.valueOf(stoppedBy.getMessage()), Instant.now())));
        }
        List<ConsumerState.Problem> all = new ArrayList<>(problems.current());
        boolean loopFails = !all.isEmpty();
        if (live != null) {
            all.addAll(live.problems());
        }
        ConsumerState.Status status = loopFails ? ConsumerState.Status.FAILED
                : all.isEmpty() ? ConsumerState.Status.RUNNING : ConsumerState.Status.DEGRADED;
        return new ConsumerState(status, all);
    }

    private void liveLoop() {
        boolean open = false;
        boolean caughtUp = false;
        while (running) {
            try {
                if (!caughtUp) {
                    catchUpAndMoveGroup();
                    caughtUp = true;
                }
                if (!open) {
                    live.open();
                    open = true;
                }
                List<Envelope> batch = live.next();
                if (batch.isEmpty()) {
                    problems.succeeded(ConsumerState.Step.LOOP, null);
                    continue;
                }
                locked(() -> counted(applier.apply(batch)));
                live.acknowledge(batch);
                problems.succeeded(ConsumerState.Step.LOOP, null);
            } catch (ProjectionException e) {
                fail(e);
            } catch (RuntimeException e) {
                if (RedisErrors.isNoGroup(e)) {
                    open = false;
                }
                retryLater("live loop", e);
            }
        }
    }

    /**
     * On start the checkpoints are the truth, not the group: XRANGE from them to the streams' ends, then point the
     * group at those ends. A database that lost its last commits in a crash (while their entries were already
     * acknowledged) is thus repaired, and a new projection replays its history by XRANGE rather than through the
     * group.
     */
    private void catchUpAndMoveGroup() {
        locked(() -> {
            Map<String, Position> from = new LinkedHashMap<>();
            replayStreams().forEach(s -> from.put(s, applier.checkpoint(s)));
            live.moveTo(replay("catch-up", from).ends);
            return null;
        });
    }

    private void pollLoop() {
        while (running) {
            try {
                catchUp();
                problems.succeeded(ConsumerState.Step.LOOP, null);
            } catch (ProjectionException e) {
                fail(e);
                return;
            } catch (RuntimeException e) {
                retryLater("catch-up loop", e);
                continue;
            }
            pause();
        }
    }

    /**
     * A Redis error in a loop: a permanent one is logged at ERROR once and shown by {@link #state()}, a transient one
     * at WARN; either way the loop waits (longer after each permanent failure, capped) and tries again.
     */
    private void retryLater(String loop, RuntimeException e) {
        if (RedisErrors.isPermanent(e)) {
            problems.failed(ConsumerState.Step.LOOP, null, e);
            pauseNanos(problems.nanosToNextRetry());
        } else {
            log.warn("projection '{}' {}: {}; retrying", projection.name(), loop, RedisFailures.describe(e));
            pause();
        }
    }

    private void fail(ProjectionException e) {
        failure = e;
        running = false;
        log.error("projection '{}' stopped: {}", projection.name(), e.getMessage());
    }

    private void pause() {
        pauseNanos(config.pollInterval().toNanos());
    }

    private void pauseNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    // ---------------------------------------------------------------- inspection

    /** Current checkpoints per stream. */
    public Map<String, Position> checkpoints() {
        return locked(applier::checkpoints);
    }

    /**
     * Entries applied since this runner was created (live and replays; not those skipped or recorded as failed), for
     * metrics. Never blocks.
     */
    public long appliedCount() {
        return appliedCount.get();
    }

    /**
     * The checkpoints as of the last committed batch, without waiting for a running replay (unlike
     * {@link #checkpoints()}), for metrics and health.
     */
    public Map<String, Position> lastCheckpoints() {
        return checkpointView;
    }

    /** Counts what a committed batch applied and publishes the moved checkpoints. */
    private BatchApplier.Result counted(BatchApplier.Result result) {
        appliedCount.addAndGet(result.applied());
        checkpointView = applier.checkpoints();
        return result;
    }

    /** Entries recorded as failed (skip-failures mode). */
    public List<RecordedFailure> failures() {
        return locked(() -> {
            List<RecordedFailure> out = store.failures(connection);
            connection.commit();
            return out;
        });
    }

    /** Stops the live loop and closes the connection. */
    @Override
    public void close() {
        stop();
        writeLock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the connection of projection '{}': {}", projection.name(), e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    private record Replay(Progress progress, Map<String, Position> ends) {
    }

    private record Tracked(Envelope envelope, StreamPosition at) {
    }

    private Replay replay(String phase, Map<String, Position> from) throws SQLException, InterruptedException {
        ProgressMeter meter = new ProgressMeter(projection.name(), phase, totalLength(from.keySet()),
                config.progressListener(), config.progressInterval());
        ReplaySource source = new ReplaySource(redis, from, config.batchSize(), decoder);
        try (Prefetcher prefetch = new Prefetcher("projection-" + projection.name() + "-" + phase,
                source::nextBatch, config.batchSize(), config.prefetchDepth())) {
            while (true) {
                List<Envelope> batch = prefetch.take();
                if (batch.isEmpty()) {
                    break;
                }
                counted(applier.apply(batch));
                meter.advance(batch.size());
            }
        }
        return new Replay(meter.finish(), source.endPositions());
    }

    private List<String> replayStreams() {
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

    private List<Tracked> entityEvents(String entityId) {
        List<Tracked> out = new ArrayList<>();
        if (projection.entityType() != null) {
            String stream = EntityEvent.streamKey(projection.entityType(), entityId);
            ReplaySource source = new ReplaySource(redis, Map.of(stream, Position.ZERO), config.batchSize(), decoder);
            for (List<Envelope> page = source.nextBatch(config.batchSize()); !page.isEmpty();
                 page = source.nextBatch(config.batchSize())) {
                for (Envelope e : page) {
                    out.add(new Tracked(e, trackedPosition(e)));
                }
            }
            return out;
        }
        RBatch batch = redis.redisson().createBatch();
        List<String> names = new ArrayList<>();
        List<RFuture<List<String>>> lists = new ArrayList<>();
        for (String name : projection.eventNames()) {
            names.add(name);
            lists.add(batch.<String>getList(HistorySnapshot.listKey(name, entityId), StringCodec.INSTANCE)
                    .readAllAsync());
        }
        batch.execute();
        RBatch reads = redis.redisson().createBatch();
        List<RFuture<Map<StreamMessageId, Map<StoredText, StoredText>>>> entries = new ArrayList<>();
        List<String> streamOf = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (String json : lists.get(i).toCompletableFuture().join()) {
                StreamMessageId id = Position.parse(HistorySnapshot.fromJson(json).id()).toMessageId();
                entries.add(reads.<StoredText, StoredText>getStream(names.get(i), EntryCodec.INSTANCE)
                        .rangeAsync(id, id));
                streamOf.add(names.get(i));
            }
        }
        if (!entries.isEmpty()) {
            reads.execute();
        }
        for (int i = 0; i < entries.size(); i++) {
            for (StreamEntry entry : RedisStreams.entries(streamOf.get(i), entries.get(i).toCompletableFuture()
                    .join())) {
                Envelope e = decoder.decode(entry);
                out.add(new Tracked(e, new StreamPosition(e.stream(), e.position())));
            }
        }
        out.sort(Comparator.comparing((Tracked t) -> t.envelope.position()).thenComparing(t -> t.at.stream()));
        return out;
    }

    /** For an entity-stream copy: the integration entry it stands for (name + {@code _id}), if the copy says so. */
    private StreamPosition trackedPosition(Envelope e) {
        if (projection.readsEntityStreams() || e.message() == null) {
            return new StreamPosition(e.stream(), e.position());
        }
        String original = e.entry().fields().get(StreamerMessage.ID);
        try {
            return new StreamPosition(e.message().name(), Position.parse(original));
        } catch (RuntimeException notAnId) {
            // a copy that does not name its integration entry: treat it as applied
            return new StreamPosition(e.stream(), Position.ZERO);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection c) throws Exception;
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws Exception;
    }

    private void inTransaction(SqlWork work) throws SQLException {
        try {
            work.run(connection);
            connection.commit();
        } catch (BatchApplier.EntryFailure f) {
            applier.rollbackQuietly();
            throw new ProjectionException(projection.name(), f.envelope.stream(), f.envelope.entry().id(),
                    f.getCause());
        } catch (SQLException | RuntimeException e) {
            applier.rollbackQuietly();
            throw e;
        } catch (Exception e) {
            applier.rollbackQuietly();
            throw new IllegalStateException("projection '" + projection.name() + "': " + e.getMessage(), e);
        }
    }

    private <T> T locked(Locked<T> work) {
        writeLock.lock();
        try {
            return work.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("projection '" + projection.name() + "' interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("projection '" + projection.name() + "': " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }
}
