package dev.streambus.projection;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.progress.ProgressMeter;
import dev.streambus.projection.source.LiveSource;
import dev.streambus.projection.store.Build;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisErrors;
import dev.streambus.redis.connect.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One blue/green rebuild: replays the whole history into a shadow build (its own schema, resumed from its
 * checkpoints after a crash) while the serving build keeps serving and the live loop keeps writing to it; catches
 * the shadow up in passes until little is left; then, holding the write lock (live paused for one short pass),
 * applies the rest, swaps the shadow in (registry + views), moves the live group to exactly where that last pass
 * ended (XGROUP SETID) and makes the shadow the live loop's build. Entries the group delivers at or below those ids
 * are passed over by the checkpoint rule; later ones are applied live. A failure or a cancellation before the swap
 * marks the shadow FAILED/CANCELLED and drops its schema: the serving build is never touched.
 */
final class BlueGreenRebuild {

    private static final Logger log = LoggerFactory.getLogger(BlueGreenRebuild.class);

    /** Catch-up passes outside the lock before the final one; each should be much shorter than the one before. */
    private static final int MAX_PASSES = 5;
    /** Transient Redis errors a pass resumes after. */
    private static final int RETRIES = 5;

    private final Projection projection;
    private final DataSource dataSource;
    private final RunnerConfig config;
    private final Transactions transactions;
    private final Replayer replayer;
    private final LiveSource live;
    private final BuildManager builds;
    private final StatusBoard board;

    BlueGreenRebuild(Projection projection, DataSource dataSource, RunnerConfig config, Transactions transactions,
                     Replayer replayer, LiveSource live, BuildManager builds, StatusBoard board) {
        this.projection = projection;
        this.dataSource = dataSource;
        this.config = config;
        this.transactions = transactions;
        this.replayer = replayer;
        this.live = live;
        this.builds = builds;
        this.board = board;
    }

    /** Runs the rebuild to its swap; returns the replay's final progress. */
    Progress run(BooleanSupplier cancelled) throws Exception {
        Build shadow = builds.startOrResume();
        board.building(shadow, null);
        BuildWriter writer = null;
        try {
            writer = BuildWriter.open(projection, dataSource, shadow, config.skipFailures());
            Build[] row = {shadow};
            Build[] swapped = {null};
            ProgressMeter meter = replayer.meter("rebuild", replayer.streams(), p -> {
                if (swapped[0] == null) { // the final report comes after the swap: the row is SERVING by then
                    row[0] = row[0].withProgress(p.done(), p.total(), p.eventsPerSecond(), config.clock().instant());
                    board.building(row[0], p);
                    builds.save(row[0]);
                }
                config.progressListener().onProgress(p);
            });
            long before = -1;
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                checkCancelled(cancelled);
                long start = meter.done();
                replayWithRetries(writer, meter, cancelled);
                long applied = meter.done() - start;
                if (applied <= config.batchSize() || before >= 0 && applied >= before) {
                    break;
                }
                before = applied;
            }
            checkCancelled(cancelled);
            BuildWriter shadowWriter = writer;
            BuildWriter old = transactions.locked(serving -> {
                Map<String, EntryId> ends = replayer.replay(shadowWriter, replayer.fromCheckpoints(shadowWriter),
                        meter);
                swapped[0] = builds.swap(row[0].withProgress(meter.done(), meter.done(), 0,
                        config.clock().instant()), serving.build);
                BuildWriter previous = transactions.switchTo(shadowWriter.as(swapped[0]));
                moveGroup(ends);
                return previous;
            });
            old.close();
            writer = null;
            builds.closeHeartbeat();
            Progress done = meter.finish();
            board.swapped(swapped[0], done);
            log.info("projection '{}': build {} (version {}) swapped in after {} events; build {} retired",
                    projection.name(), swapped[0].number(), swapped[0].version(), done.done(), old.build.number());
            return done;
        } catch (ProjectionException e) {
            Build.Error why = new Build.Error(e.stream(), e.entryId(), e.getMessage());
            abandon(writer, shadow, Build.State.FAILED, why);
            throw e;
        } catch (CancellationException e) {
            abandon(writer, shadow, Build.State.CANCELLED, new Build.Error(null, null, "cancelled"));
            throw e;
        } catch (Exception | Error e) {
            abandon(writer, shadow, Build.State.FAILED, new Build.Error(null, null, ProjectionException.describe(e)));
            throw e;
        }
    }

    /**
     * One pass from the shadow's checkpoints. A transient Redis error (a timeout under load, a reconnect) resumes the
     * pass from the checkpoints committed so far, up to {@link #RETRIES} times; permanent ones fail the rebuild.
     */
    private void replayWithRetries(BuildWriter writer, ProgressMeter meter, BooleanSupplier cancelled)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                replayer.replay(writer, replayer.fromCheckpoints(writer), meter, cancelled);
                return;
            } catch (ProjectionException | CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt > RETRIES || RedisErrors.isPermanent(e)) {
                    throw e;
                }
                log.warn("projection '{}': rebuild pass interrupted ({}); resuming from the build's checkpoints",
                        projection.name(), RedisFailures.describe(e));
                Thread.sleep(config.pollInterval().toMillis() * attempt);
            }
        }
    }

    /**
     * Hands the live group over at the exact ids the last pass ended at. Harmless if it fails: the group then
     * delivers entries at or below them again, which the new build's checkpoints pass over.
     */
    private void moveGroup(Map<String, EntryId> ends) {
        if (live == null) {
            return;
        }
        try {
            live.moveTo(ends);
        } catch (RuntimeException e) {
            log.warn("projection '{}': moving the live group after the swap failed ({}); it re-reads entries the"
                    + " new build passes over", projection.name(), e.getMessage());
        }
    }

    private void abandon(BuildWriter writer, Build shadow, Build.State state, Build.Error why) {
        if (writer != null) {
            writer.close();
        }
        builds.closeHeartbeat();
        board.failed(shadow, why);
        try {
            builds.abandon(shadow, state, why);
        } catch (RuntimeException e) {
            log.warn("projection '{}': could not drop abandoned build {}: {}", projection.name(), shadow.number(),
                    e.getMessage());
        }
        log.error("projection '{}': rebuild {} (version {}) {}: {}; build serving before it serves on",
                projection.name(), shadow.number(), shadow.version(), state.name().toLowerCase(), why.cause());
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("rebuild cancelled");
        }
    }
}
