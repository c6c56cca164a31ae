package dev.streambus.consume;

import dev.streambus.redis.RedisErrors;
import dev.streambus.redis.connect.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The one read loop (an {@link EventConsumer} runs one per reader group, a projection runner one for its live side):
 * opens its reader, reads (the consumer's reader is decorated with its read budget) and hands the entries to its
 * {@link Host}, until stopped. Redis errors never end it: it backs off (capped, jittered) and resumes, reopening the
 * reader after {@code NOGROUP} (the group vanished); a permanent error is logged at ERROR once and shown by
 * {@link #loopProblems()}; a cluster topology change ({@code MOVED}, {@code TRYAGAIN}, {@code CLUSTERDOWN},
 * {@code UNBLOCKED}) is retried after a short pause, reported as {@link ConsumerEvent.TopologyChanged}, not counted as
 * a failure.
 */
public final class ReadLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ReadLoop.class);
    /** Pause before retrying a read a topology change interrupted: Redisson updates its slot map meanwhile. */
    private static final Duration TOPOLOGY_PAUSE = Duration.ofMillis(100);

    /** What the loop reports to, and asks of, its consumer. */
    public interface Host {
        boolean running();

        /** How many entries may still be handed out ({@code stopAfter}); 0 ends the loop. */
        long left();

        /** The entries of one read, taken into hand. */
        void handOut(List<Delivery> taken);

        void redisError();

        void emit(ConsumerEvent event);
    }

    private final String consumer;
    private final String owner;
    private final StreamReader reader;
    private final Host host;
    private final Duration maxBackoff;
    private final Problems problems;
    private volatile boolean roundTripDone;

    /**
     * @param consumer   who reads, for logs and events
     * @param reader     what to read (decorate it with flow control of your own if needed)
     * @param maxBackoff cap of the back-off after Redis errors
     */
    public ReadLoop(String consumer, StreamReader reader, Host host, Duration maxBackoff) {
        this(consumer, "consumer '" + consumer + "'", reader, host, maxBackoff);
    }

    /**
     * @param consumer   who reads, for events
     * @param owner      who reads, for log lines ({@code "projection 'orders'"})
     * @param reader     what to read
     * @param maxBackoff cap of the back-off after Redis errors
     */
    public ReadLoop(String consumer, String owner, StreamReader reader, Host host, Duration maxBackoff) {
        this.consumer = consumer;
        this.owner = owner;
        this.reader = reader;
        this.host = host;
        this.maxBackoff = maxBackoff;
        this.problems = new Problems(owner, Clock.systemUTC(), maxBackoff);
    }

    /** True once a read succeeded. */
    public boolean roundTripDone() {
        return roundTripDone;
    }

    /** The loop's own permanent error (nothing can be read), if any. */
    public List<ConsumerState.Problem> loopProblems() {
        return problems.current();
    }

    /** The reader's contained problems (streams skipped, steps failing). */
    public List<ConsumerState.Problem> readerProblems() {
        return reader.problems();
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(maxBackoff);
        boolean open = false;
        while (host.running()) {
            try {
                if (!open) {
                    reader.open();
                    open = true;
                }
                long left = host.left();
                if (left <= 0) {
                    return;
                }
                List<Delivery> taken = reader.next((int) Math.min(Integer.MAX_VALUE, left));
                roundTripDone = true;
                problems.succeeded(ConsumerState.Step.LOOP, null);
                host.handOut(taken);
                if (backoff.failures() > 0) {
                    log.info("{} resumed after {} failed Redis round trips", owner, backoff.failures());
                    host.emit(new ConsumerEvent.Resumed(consumer, backoff.failures()));
                    backoff.reset();
                }
            } catch (RuntimeException e) {
                if (!host.running()) {
                    return;
                }
                if (RedisErrors.isNoGroup(e)) {
                    open = false; // the group vanished (e.g. Redis restarted empty): recreate it
                }
                if (!pause(failed(e, backoff))) {
                    return;
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Reports a failed round trip; returns how long to wait before the next. */
    private Duration failed(RuntimeException e, Backoff backoff) {
        String reason = RedisFailures.describe(e);
        if (RedisErrors.isTopologyChange(e)) {
            log.info("{}: cluster topology changed under a read ({}); retrying", owner, reason);
            host.emit(new ConsumerEvent.TopologyChanged(consumer, reason));
            return TOPOLOGY_PAUSE;
        }
        Duration delay = backoff.nextDelay();
        boolean permanent = RedisErrors.isPermanent(e);
        host.emit(new ConsumerEvent.RedisError(consumer, reason, backoff.failures(), permanent));
        host.redisError(); // after the event: who sees the count has seen the event
        if (permanent) {
            problems.failed(ConsumerState.Step.LOOP, null, e); // ERROR once, not on every retry
        } else if (Integer.bitCount(backoff.failures()) == 1) { // 1st, 2nd, 4th ... failure: no log floods
            log.warn("{}: {} (failure {}, retrying in {} ms)", owner, reason, backoff.failures(),
                    delay.toMillis());
        }
        return delay;
    }

    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
