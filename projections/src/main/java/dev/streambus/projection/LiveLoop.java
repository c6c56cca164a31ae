package dev.streambus.projection;

import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.Problems;
import dev.streambus.projection.source.Envelope;
import dev.streambus.projection.source.LiveSource;
import dev.streambus.redis.RedisErrors;
import dev.streambus.redis.connect.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live side of a runner on its own thread: first catch up the serving build from its checkpoints with XRANGE and
 * move the group to where that ended, then read from the group, apply each batch to the serving build (one
 * transaction under the write lock), acknowledge after the commit. Entity-stream projections poll a catch-up
 * instead. Stops on the first {@link ProjectionException}; Redis errors are retried (permanent ones with capped
 * back-off, shown by {@link #state()}).
 */
final class LiveLoop {

    private static final Logger log = LoggerFactory.getLogger(LiveLoop.class);

    /** Cap of the back-off between two attempts of a loop that fails with a permanent Redis error. */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final Projection projection;
    private final RunnerConfig config;
    private final Transactions transactions;
    private final Replayer replayer;
    private final LiveSource live;
    private final Problems problems;

    private volatile Thread thread;
    private volatile boolean running;
    private volatile Throwable failure;

    private final AppliedTally tally;

    LiveLoop(Projection projection, RunnerConfig config, Transactions transactions, Replayer replayer,
             LiveSource live, AppliedTally tally) {
        this.tally = tally;
        this.projection = projection;
        this.config = config;
        this.transactions = transactions;
        this.replayer = replayer;
        this.live = live;
        this.problems = new Problems("projection '" + projection.name() + "'", java.time.Clock.systemUTC(),
                MAX_RETRY_DELAY);
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        failure = null;
        Thread t = new Thread(live != null ? this::liveLoop : this::pollLoop, "projection-" + projection.name());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(config.block().toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    boolean isRunning() {
        return running;
    }

    Throwable failure() {
        return failure;
    }

    ConsumerState state() {
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
                transactions.locked(serving -> {
                    tally.add(serving.applier.apply(batch));
                    return null;
                });
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
        transactions.locked(serving -> {
            live.moveTo(replayer.catchUp(serving, "catch-up").ends());
            return null;
        });
    }

    private void pollLoop() {
        while (running) {
            try {
                transactions.locked(serving -> replayer.catchUp(serving, "catch-up"));
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
}
