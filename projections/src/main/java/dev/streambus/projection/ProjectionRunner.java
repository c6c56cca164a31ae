package dev.streambus.projection;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.ConsumerEvents;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.ConsumerStats;
import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.source.EntryDecoder;
import dev.streambus.projection.source.LiveSource;
import dev.streambus.projection.status.FailureStatus;
import dev.streambus.projection.status.ProjectionStatus;
import dev.streambus.projection.status.StatusReader;
import dev.streambus.projection.store.Build;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.store.RecordedFailure;
import dev.streambus.projection.store.SchemaMigrations;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one {@link Projection} against Redis and a JDBC database: live through a consumer group, blue/green
 * rebuilds, single-entity rebuilds and catch-up from checkpoints. A façade over {@link LiveLoop} (live),
 * {@link Replayer} (replay), {@link BlueGreenRebuild} (rebuilds), {@link EntityRebuild} and {@link Transactions}
 * (the write lock and transaction rules).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Builds in schemas of their own, read through views.</b> Each build of the read model lives in schema
 *       {@code <base>_<projection>_v<version>_<n>} with its own checkpoints and guard rows; the base schema (the data
 *       source's default) holds one view per table of the serving build, named like the table. Readers query the
 *       views; handlers write unqualified names into the build being written.</li>
 *   <li><b>Blue/green rebuilds.</b> {@link #rebuildAll()} (and {@link #rebuildInBackground()}) build a new build
 *       from the whole history while the serving build keeps serving and the live loop keeps it current; once the
 *       new build has caught up it is swapped in (views re-pointed: one transaction on PostgreSQL, one atomic
 *       statement per view on H2) and the live group handed over at exactly the ids the new build ended at. The old
 *       build is dropped after {@code retireAfter}. A failed or cancelled rebuild drops only its own schema; a
 *       killed one resumes from its checkpoints on the next rebuild of the same version.</li>
 *   <li><b>Versions.</b> A projection whose {@link Projection#version()} is newer than the serving build's is built
 *       blue/green, never in place: in the background on {@link #start()} with
 *       {@link RunnerConfig#rebuildOnVersionChange()}, else on {@link #rebuildAll()} /
 *       {@link #rebuildInBackground()}. Until the swap the live loop keeps applying this code's handlers to the
 *       serving (older) build.</li>
 *   <li><b>Exactly-once effect.</b> Each entry's handler writes, its guard row and its stream's checkpoint commit
 *       in one transaction (one per batch) of the build written. An entry at or below its checkpoint, or with a
 *       guard row, is never applied again; in live mode it is just acknowledged. Acknowledgements follow commits.</li>
 *   <li><b>One writer.</b> All writes to the serving build go through one connection, serialised by a lock; run one
 *       runner per projection at a time (the consumer name is fixed so a restart redoes its own pending entries
 *       first).</li>
 *   <li><b>Restart from checkpoints.</b> {@link #start()} first catches up from the serving build's checkpoints,
 *       so the database, not the group, says what was applied.</li>
 *   <li><b>Bounded memory, fast replays.</b> Replays read all streams' pages in parallel and decode on a separate
 *       thread, at most {@code prefetchDepth} batches ahead of the writer, which commits in transactions sized by
 *       time ({@code commitInterval}, at most {@code maxCommitEntries}); heap use does not depend on the history's
 *       length.</li>
 *   <li><b>Failures.</b> By default an entry that cannot be decoded or applied stops the operation (live: the
 *       loop; see {@link #failure()}) with a {@link ProjectionException} naming projection, stream, entry id and
 *       cause. With {@code skipFailures} it is recorded in {@code streambus_projection_failure} and passed over.
 *       Redis errors never stop the live loop (see {@link #state()}).</li>
 * </ul>
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRunner.class);

    /** Cap of the live loop's back-off between two attempts after a Redis error. */
    public static final Duration LIVE_MAX_BACKOFF = Duration.ofSeconds(10);

    private final Projection projection;
    private final RedisStreams redis;
    private final RunnerConfig config;
    private final DataSource dataSource;
    private final BuildManager builds;
    private final Transactions transactions;
    private final Replayer replayer;
    private final LiveSource live;
    private final LiveLoop liveLoop;
    private final EntityRebuild entityRebuild;
    private final BlueGreenRebuild blueGreen;
    private final StatusBoard board;
    private final AppliedTally tally = new AppliedTally();
    private final ScheduledExecutorService retirer;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private CompletableFuture<Progress> rebuilding;

    private ProjectionRunner(Projection projection, RedissonClient redisson, DataSource dataSource,
                             RunnerConfig config) {
        this.projection = projection;
        this.redis = new RedisStreams(redisson);
        this.config = config;
        this.dataSource = dataSource;
        EntryDecoder decoder = new EntryDecoder(projection);
        SchemaMigrations.migrateFramework(dataSource);
        try {
            this.builds = new BuildManager(projection, dataSource, config);
            Build serving = builds.ensureServing();
            this.transactions = new Transactions(projection.name(),
                    BuildWriter.open(projection, dataSource, serving, config.skipFailures()));
        } catch (SQLException e) {
            throw new IllegalStateException("projection '" + projection.name() + "': database not usable: "
                    + e.getMessage(), e);
        }
        this.replayer = new Replayer(projection, redis, config, decoder, tally);
        this.live = projection.readsEntityStreams() ? null : new LiveSource(redis, projection.eventNames(),
                ConsumerConfig.builder()
                        .group(config.group() != null ? config.group() : LiveSource.groupName(projection.name()))
                        .consumer(config.consumer()).startFrom("0").batchSize(config.batchSize())
                        .block(config.block()).reclaimIdle(config.reclaimIdle())
                        .reclaimInterval(config.reclaimInterval()).build(), decoder);
        this.liveLoop = new LiveLoop(projection, config, transactions, replayer, live, tally);
        this.entityRebuild = new EntityRebuild(projection, redis, config, decoder, transactions);
        this.board = new StatusBoard(projection.name());
        this.blueGreen = new BlueGreenRebuild(projection, dataSource, config, transactions, replayer, live, builds,
                board);
        this.retirer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "projection-" + projection.name() + "-retire");
            t.setDaemon(true);
            return t;
        });
        dropRetired();
    }

    /** A runner; runs the framework's migrations and creates the first build when there is none. Close it. */
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

    /** The build readers see now (its number, version and schema). */
    public Build servingBuild() {
        return transactions.serving().build;
    }

    /** True when the serving build is older than the projection's declared version. */
    public boolean versionBehind() {
        return servingBuild().version() < projection.version();
    }

    // ---------------------------------------------------------------- rebuilds

    /**
     * Rebuilds the read model blue/green at the projection's version (see class docs) and returns when the new build
     * serves. Live writing goes on meanwhile; only the last short catch-up pass holds it.
     *
     * @return the replay's final progress
     * @throws ProjectionException when an entry cannot be applied: the new build is dropped, the serving one serves on
     * @throws IllegalStateException when a rebuild is already running
     */
    public Progress rebuildAll() {
        try {
            return rebuildInBackground().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Starts a blue/green rebuild on a thread of its own (or returns the one running); the future completes with
     * its final progress once the new build serves, or exceptionally when it failed or was cancelled.
     */
    public synchronized CompletableFuture<Progress> rebuildInBackground() {
        if (rebuilding != null && !rebuilding.isDone()) {
            return rebuilding;
        }
        cancel.set(false);
        CompletableFuture<Progress> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Progress done = blueGreen.run(cancel::get);
                scheduleRetirement();
                future.complete(done);
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "projection-" + projection.name() + "-rebuild");
        t.setDaemon(true);
        rebuilding = future;
        t.start();
        return future;
    }

    /** Cancels a running rebuild before its swap (its build is dropped); no-op when none runs. */
    public void cancelRebuild() {
        cancel.set(true);
    }

    /**
     * Applies what was published since the serving build's checkpoints (XRANGE from each, exclusive) up to the
     * streams' current ends. This is how a stopped projection catches up without a group.
     */
    public Progress catchUp() {
        return transactions.locked(serving -> replayer.catchUp(serving, "catch-up").progress());
    }

    /**
     * Rebuilds one entity's rows of the serving build in one transaction: {@code resetEntity}, then re-applies, in
     * order, the entity's events the build has already applied, from the entity stream {@code <entityType>:<id>}
     * or, without an entity type, Laravel Streamer's history lists {@code <eventName>-<id>}. Guard rows and
     * checkpoints are not touched.
     *
     * @throws ProjectionException when an event cannot be applied; nothing of the rebuild is kept
     */
    public int rebuildEntity(String entityId) {
        return entityRebuild.rebuild(entityId);
    }

    /** Drops retired builds whose grace period is over now; returns how many. */
    public int dropRetired() {
        try {
            return builds.dropRetired();
        } catch (RuntimeException e) {
            log.warn("projection '{}': dropping retired builds failed: {}", projection.name(), e.getMessage());
            return 0;
        }
    }

    private void scheduleRetirement() {
        retirer.schedule(this::dropRetired, config.retireAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- live

    /**
     * Starts the live loop on its own thread (catch-up from the serving build's checkpoints, then the group; entity
     * stream projections poll {@link #catchUp()}), and with {@link RunnerConfig#rebuildOnVersionChange()} a
     * background rebuild when the projection's version is newer than the serving build's.
     *
     * @throws dev.streambus.permission.MissingPermissionsException if the Redis ACL user lacks what the live loop
     *                                                              needs (unless {@code checkPermissions} is off)
     */
    public synchronized void start() {
        if (liveLoop.isRunning()) {
            return;
        }
        if (config.checkPermissions() && live != null) {
            new PermissionCheck(redis.redisson(), RequiredPermissions.projection(projection.name(), live.group(),
                    projection.eventNames())).verify();
        }
        liveLoop.start();
        if (versionBehind()) {
            if (config.rebuildOnVersionChange()) {
                log.info("projection '{}': version {} is newer than the serving build's {}: rebuilding in the"
                        + " background", projection.name(), projection.version(), servingBuild().version());
                rebuildInBackground();
            } else {
                log.warn("projection '{}': version {} is newer than the serving build's {}; the serving build stays"
                        + " until a rebuild (rebuildInBackground(), projection:rebuild, or rebuildOnVersionChange)",
                        projection.name(), projection.version(), servingBuild().version());
            }
        }
    }

    /** Stops the live loop (waits up to the BLOCK time plus the current batch). A rebuild goes on. */
    public void stop() {
        liveLoop.stop();
    }

    /** True while the live loop runs. */
    public boolean isRunning() {
        return liveLoop.isRunning();
    }

    /** Why the live loop stopped by itself, or null. */
    public Throwable failure() {
        return liveLoop.failure();
    }

    /**
     * The live loop's state for health checks: {@code STOPPED} when not started or stopped; {@code FAILED} when it
     * stopped by itself ({@link #failure()}) or while a permanent Redis error keeps it from reading, {@code DEGRADED}
     * while one stream or the reclaim step fails permanently and the rest goes on, else {@code RUNNING}.
     */
    public ConsumerState state() {
        return liveLoop.state();
    }

    /**
     * Tells {@code listener} what the live loop does from now on, as a consumer's {@link ConsumerEvent}s: started,
     * entries read, batch settled (committed and acknowledged), Redis errors, resumed, stopped. Called on the loop's
     * thread: return quickly; an exception is logged and ignored.
     */
    public void watch(ConsumerEvents listener) {
        liveLoop.watch(Objects.requireNonNull(listener, "listener"));
    }

    /** The live loop's counts since this runner was made (entries read, acknowledged, failed Redis round trips). */
    public ConsumerStats liveStats() {
        return liveLoop.stats();
    }

    // ---------------------------------------------------------------- inspection

    /**
     * Per build (serving, building, retired, failed): state, replay progress, failure, checkpoint and lag per stream,
     * last applied time. Reads the database and Redis (one pipelined XRANGE per stream).
     */
    public ProjectionStatus status() {
        Throwable liveFailure = liveLoop.failure();
        FailureStatus liveFailed = liveFailure instanceof ProjectionException p
                ? new FailureStatus(projection.name(), p.stream(), p.entryId(), p.getMessage())
                : liveFailure == null ? null : new FailureStatus(projection.name(), null, null,
                ErrorText.message(liveFailure));
        StatusReader.InProcess in = new StatusReader.InProcess(liveLoop.isRunning(), liveFailed,
                board.buildingNumber(), board.progress(), board.failure());
        return new StatusReader(dataSource, redis.redisson(), config.clock()).read(projection.name(),
                replayer.streams(), projection.version(), in);
    }

    /**
     * Entries applied since this runner was created (live and replays; not those skipped or recorded as failed), for
     * metrics. Never blocks.
     */
    public long appliedCount() {
        return tally.applied();
    }

    /**
     * The serving build's checkpoints as of its last commit, without waiting for the write lock (unlike
     * {@link #checkpoints()}), for metrics and health.
     */
    public Map<String, EntryId> lastCheckpoints() {
        return transactions.serving().applier.committedCheckpoints();
    }

    /** Current checkpoints per stream of the serving build. */
    public Map<String, EntryId> checkpoints() {
        return transactions.locked(serving -> serving.applier.checkpoints());
    }

    /** Entries recorded as failed in the serving build (skip-failures mode). */
    public List<RecordedFailure> failures() {
        return transactions.locked(serving -> {
            List<RecordedFailure> out = serving.store.failures(serving.connection);
            serving.connection.commit();
            return out;
        });
    }

    /** Cancels a running rebuild, stops the live loop and closes the connection. */
    @Override
    public void close() {
        CompletableFuture<Progress> running;
        synchronized (this) {
            running = rebuilding;
        }
        if (running != null && !running.isDone()) {
            cancelRebuild();
            try {
                running.get(60, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // cancelled or failed: its build is dropped either way
            }
        }
        stop();
        retirer.shutdownNow();
        try { // a drop of retired builds under way finishes with its connection before close returns
            retirer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transactions.close();
    }
}
