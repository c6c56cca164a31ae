package dev.streambus.projection;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.ConsumerEvents;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.ConsumerStats;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.ReadLoop;
import dev.streambus.consume.StreamReader;
import dev.streambus.consume.Watchers;
import dev.streambus.projection.source.Envelope;
import dev.streambus.projection.source.LiveSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live side of a runner on its own thread, run by core's {@link ReadLoop} (the loop an
 * {@link dev.streambus.consume.EventConsumer} runs: capped, jittered back-off after Redis errors, the group
 * recreated after {@code NOGROUP}, a permanent error logged at ERROR once and shown by {@link #state()}): first catch
 * up the serving build from its checkpoints with XRANGE and move the group to where that ended, then read from the
 * group, apply each batch to the serving build (one transaction under the write lock), acknowledge after the commit.
 * Entity-stream projections poll a catch-up instead (the same loop, reading nothing). Stops on the first
 * {@link ProjectionException}. What it does is told to {@link ConsumerEvents} listeners ({@link #watch}) as a
 * consumer's events are: {@code Started}, {@code EntriesRead}, {@code BatchSettled} (after each commit and XACK),
 * {@code RedisError}, {@code Resumed}, {@code TopologyChanged}, {@code Stopped}.
 */
final class LiveLoop {

    private static final Logger log = LoggerFactory.getLogger(LiveLoop.class);

    private final Projection projection;
    private final RunnerConfig config;
    private final Transactions transactions;
    private final Replayer replayer;
    private final LiveSource live;
    private final AppliedTally tally;
    private final Watchers watchers;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong redisErrors = new AtomicLong();

    private volatile Thread thread;
    private volatile ReadLoop loop;
    private volatile boolean running;
    private volatile Throwable failure;

    LiveLoop(Projection projection, RunnerConfig config, Transactions transactions, Replayer replayer,
             LiveSource live, AppliedTally tally) {
        this.tally = tally;
        this.projection = projection;
        this.config = config;
        this.transactions = transactions;
        this.replayer = replayer;
        this.live = live;
        this.watchers = new Watchers("projection '" + projection.name() + "'", List.of());
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        failure = null;
        ReadLoop made = new ReadLoop(config.consumer(), "projection '" + projection.name() + "'",
                live != null ? new Live() : new Poll(), new Host(), ProjectionRunner.LIVE_MAX_BACKOFF);
        loop = made;
        Thread t = new Thread(made, "projection-" + projection.name());
        t.setDaemon(true);
        thread = t;
        watchers.on(new ConsumerEvent.Started(config.consumer(), live != null ? live.streamGroups() : List.of()));
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
            watchers.on(new ConsumerEvent.Stopped(config.consumer(), stats()));
        }
    }

    /** Tells {@code listener} what the loop does from now on. */
    void watch(ConsumerEvents listener) {
        watchers.add(listener);
    }

    /** Counts since the runner was made: entries read, acknowledged after their commit, failed Redis round trips. */
    ConsumerStats stats() {
        return new ConsumerStats(delivered.get(), acknowledged.get(), 0, 0, redisErrors.get());
    }

    boolean isRunning() {
        return running;
    }

    Throwable failure() {
        return failure;
    }

    ConsumerState state() {
        Throwable stoppedBy = failure;
        ReadLoop current = loop;
        if (!running || current == null) {
            return stoppedBy == null ? new ConsumerState(ConsumerState.Status.STOPPED, List.of())
                    : new ConsumerState(ConsumerState.Status.FAILED, List.of(new ConsumerState.Problem(
                            ConsumerState.Step.LOOP, null, ErrorText.message(stoppedBy), Instant.now())));
        }
        List<ConsumerState.Problem> all = new ArrayList<>(current.loopProblems());
        boolean loopFails = !all.isEmpty();
        all.addAll(current.readerProblems());
        ConsumerState.Status status = loopFails ? ConsumerState.Status.FAILED
                : all.isEmpty() ? ConsumerState.Status.RUNNING : ConsumerState.Status.DEGRADED;
        return new ConsumerState(status, all);
    }

    /** Applies what the loop read; a {@link ProjectionException} stops it. */
    private final class Host implements ReadLoop.Host {
        @Override
        public boolean running() {
            return running;
        }

        @Override
        public long left() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handOut(List<Delivery> taken) {
            if (taken.isEmpty()) {
                return;
            }
            delivered.addAndGet(taken.size());
            watchers.on(new ConsumerEvent.EntriesRead(config.consumer(), taken.size()));
            List<Envelope> batch = live.decode(taken);
            stopsOnFailure(() -> transactions.locked(serving -> {
                tally.add(serving.applier.apply(batch));
                return null;
            }));
            live.acknowledge(batch);
            watchers.on(new ConsumerEvent.BatchSettled(config.consumer(), batch.size()));
            acknowledged.addAndGet(batch.size()); // after the event: who sees the count has seen the event
        }

        @Override
        public void redisError() {
            redisErrors.incrementAndGet();
        }

        @Override
        public void emit(ConsumerEvent event) {
            watchers.on(event);
        }
    }

    /** The group, after catching up from the checkpoints once. */
    private final class Live implements StreamReader {
        private boolean caughtUp;

        @Override
        public void open() {
            if (!caughtUp) {
                stopsOnFailure(LiveLoop.this::catchUpAndMoveGroup);
                caughtUp = true;
            }
            live.open();
        }

        @Override
        public List<Delivery> next(int max) {
            return live.next(max);
        }

        @Override
        public List<ConsumerState.Problem> problems() {
            return live.problems();
        }
    }

    /** Entity-stream projections: a catch-up from the checkpoints every {@code pollInterval}, reading nothing. */
    private final class Poll implements StreamReader {
        @Override
        public void open() {
        }

        @Override
        public List<Delivery> next(int max) {
            stopsOnFailure(() -> transactions.locked(serving -> replayer.catchUp(serving, "catch-up")));
            pause();
            return List.of();
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

    /** Runs {@code step}; a {@link ProjectionException} stops the loop (rethrown: the loop sees it stopped). */
    private void stopsOnFailure(Runnable step) {
        try {
            step.run();
        } catch (ProjectionException e) {
            fail(e);
            throw e;
        }
    }

    private void fail(ProjectionException e) {
        failure = e;
        running = false;
        log.error("projection '{}' stopped: {}", projection.name(), e.getMessage());
    }

    private void pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(config.pollInterval().toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
