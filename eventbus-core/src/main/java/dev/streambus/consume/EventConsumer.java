package dev.streambus.consume;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.compat.text.Printable;
import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.DeadLetterSink;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.failed.FailureRecorder;
import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
import dev.streambus.redis.RedisErrors;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running consumer: the pipeline {@link EntrySource} → {@link EntryProcessor} (decode, route, middlewares,
 * listeners) → settle (dead-letter, then acknowledge): one loop thread reads, {@code workers} threads handle and
 * settle each entry.
 *
 * <p>Guarantees, in a group: at-least-once (an entry is acknowledged only after all its listeners succeeded, or
 * after it was dead-lettered); failed entries stay pending and are retried by the reclaim step after
 * {@code reclaimIdle}, up to {@code maxDeliveries}, then dead-lettered; entries pending when a consumer crashed
 * are reclaimed by any consumer of the group; malformed entries (including {@code data} that does not map onto a
 * typed listener's type, see {@link ConsumerConfig#mapping()}) are dead-lettered at once with the reason, before any
 * listener runs, and are not recorded in {@code failed_stream}. Redis
 * errors never end the loop: it backs off (capped, jittered) and resumes, recreating a vanished group (after the last
 * entry it acknowledged when the stream kept its history, else at {@code startFrom}: README, Operations). A
 * permanent error (missing permission, wrong key type, refused script) is never retried silently: it is logged at
 * ERROR once, shown by {@link #state()}, and only the stream or step it hits waits for the retry (capped
 * back-off) while the other streams and steps go on. Ordering: see {@link ConsumerConfig.Ordering}; retried entries
 * come back out of order.
 *
 * <p>Each entry is settled on its own: acknowledged as soon as its listeners are done or it was dead-lettered, in
 * XACKs coalesced while the previous one travels ({@link Acker}), never held back until the rest of its read is done.
 * The loop reads while the workers handle, but holds no more entries in memory than it can handle well within
 * {@code reclaimIdle} ({@link ReadBudget}: entries in hand × observed handling time per entry ≤ a quarter of
 * {@code reclaimIdle}, at most {@code batchSize}, shared across the streams of a read), so entries do not idle into a
 * reclaim by a peer while they wait in this consumer. An entry Redis hands out again while this consumer still holds
 * it (its reaper claiming its own slow entries) is never handled a second time ({@link InHand}). Malformed entries are
 * therefore dead-lettered at their first delivery whatever else a read brought.
 */
public final class EventConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    private final EntrySource source;
    private final DeadLetterSink deadLetters;
    private final ConsumerConfig config;
    private final List<String> streams;
    private final GroupExit groupExit;
    private final EntryProcessor processor;
    private final Acker acks;
    private final InHand inHand = new InHand();
    private final ReadBudget budget;
    private final PermissionCheck preflight;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong redisErrors = new AtomicLong();

    private final long stopAfter;
    private final Problems loopProblems;
    private volatile boolean running;
    private volatile boolean roundTripDone;
    private Thread loop;
    private Workers workers;

    private EventConsumer(EntrySource source, EntryProcessor processor, DeadLetterSink deadLetters,
                          ConsumerConfig config, List<String> streams, GroupExit groupExit,
                          long stopAfter, PermissionCheck preflight) {
        this.source = source;
        this.processor = processor;
        this.stopAfter = stopAfter;
        this.preflight = preflight;
        this.acks = new Acker(source, this::acknowledged, this::ackFailed);
        this.budget = ReadBudget.of(config, streams.size());
        this.deadLetters = deadLetters;
        this.config = config;
        this.streams = streams;
        this.groupExit = groupExit;
        this.loopProblems = new Problems("consumer '" + config.consumer() + "'", Clock.systemUTC(),
                config.maxBackoff());
    }

    public static Builder builder(RedissonClient redisson) {
        return new Builder(redisson);
    }

    public ConsumerConfig config() {
        return config;
    }

    /** The streams read: the event names listeners were registered for. */
    public List<String> streams() {
        return streams;
    }

    public ConsumerStats stats() {
        return new ConsumerStats(delivered.get(), acknowledged.get(), retried.get(), deadLettered.get(),
                redisErrors.get());
    }

    /**
     * What the consumer is doing now, for health checks: {@code STOPPED} before {@link #start()} and after
     * {@link #close()}; {@code STARTING} until its first successful read; then {@code RUNNING}, {@code DEGRADED}
     * while some streams or steps fail with a permanent error (the rest goes on) or {@code FAILED} while nothing can
     * be read, each with its {@linkplain ConsumerState#problems() problems}. Transient errors (Redis unreachable,
     * timeouts) are retried without changing the state; see {@link #stats()} for their count.
     */
    public ConsumerState state() {
        if (!running) {
            return new ConsumerState(ConsumerState.Status.STOPPED, List.of());
        }
        List<ConsumerState.Problem> problems = new ArrayList<>(loopProblems.current());
        problems.addAll(source.problems());
        long unreadable = problems.stream().filter(p -> p.step() == ConsumerState.Step.READ)
                .map(ConsumerState.Problem::stream).distinct().count();
        ConsumerState.Status status;
        if (!loopProblems.current().isEmpty() || unreadable == streams.size()) {
            status = ConsumerState.Status.FAILED;
        } else if (!problems.isEmpty()) {
            status = ConsumerState.Status.DEGRADED;
        } else {
            status = roundTripDone ? ConsumerState.Status.RUNNING : ConsumerState.Status.STARTING;
        }
        return new ConsumerState(status, problems);
    }

    /**
     * Checks the Redis ACL user's permissions (one pipelined round of probes, skipped with a WARN when Redis does not
     * answer within 5 s), then starts the loop thread and returns (Redis being down is retried with back-off).
     *
     * @throws dev.streambus.permission.MissingPermissionsException if the Redis ACL user lacks a command or key the
     *                                                              consumer needs (unless switched off in the config)
     */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("consumer already started");
        }
        if (config.checkPermissions()) {
            preflight.verify();
        }
        running = true;
        workers = new Workers(config);
        loop = new Thread(this::run, "streambus-consumer-" + config.consumer());
        loop.setDaemon(true);
        loop.start();
        log.info("consumer '{}' {} started on {}", config.consumer(),
                config.grouped() ? "in group '" + config.group() + "'" : "without group", streams);
    }

    /**
     * Stops reading, lets the entries in hand be handled within {@code shutdownTimeout} and acknowledges them (waiting
     * for Redis to confirm). Entries not finished by then stay pending and are redone by this group later.
     */
    @Override
    public synchronized void close() {
        if (loop == null) {
            return;
        }
        running = false;
        try {
            loop.join(config.block().plus(config.shutdownTimeout()).toMillis());
            if (loop.isAlive()) {
                log.warn("consumer '{}' did not stop within {}; interrupting", config.consumer(),
                        config.shutdownTimeout());
                loop.interrupt();
                loop.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.close();
            loop = null;
            roundTripDone = false;
        }
        log.info("consumer '{}' stopped: {}", config.consumer(), stats());
    }

    /**
     * Scale-down: {@link #close()}, then hand this consumer's pending entries to {@code peer} (null: the most
     * recently active other consumer) and delete it from the group, stream by stream. A consumer that still holds
     * entries (no peer) is not deleted, so nothing is lost.
     *
     * @return true when the consumer left every stream's group
     */
    public boolean closeAndLeaveGroup(String peer) {
        if (!config.grouped()) {
            throw new IllegalStateException("consumer '" + config.consumer() + "' is not in a group");
        }
        close();
        boolean left = true;
        for (String stream : streams) {
            left &= groupExit.leave(stream, config.group(), config.consumer(), peer);
        }
        return left;
    }

    private void run() {
        try {
            loop();
        } finally {
            awaitSettled(config.shutdownTimeout());
        }
    }

    /** Waits up to {@code timeout} for every entry in hand to be handled and its acknowledgement confirmed. */
    private void awaitSettled(Duration timeout) {
        try {
            if (!inHand.awaitNoneHeld(timeout.toNanos())) {
                log.warn("consumer '{}': {} entries not settled within {}: left pending, redone later",
                        config.consumer(), inHand.held(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(config.maxBackoff());
        boolean open = false;
        while (running) {
            try {
                if (!open) {
                    source.open();
                    open = true;
                }
                if (delivered.get() >= stopAfter) {
                    awaitSettled(config.shutdownTimeout());
                    log.info("consumer '{}' handled {} entries: stopping", config.consumer(), stopAfter);
                    return;
                }
                int room = roomToRead();
                if (room > 0) {
                    inHand.reading();
                    try {
                        List<Delivery> read = source.next(room);
                        roundTripDone = true;
                        loopProblems.succeeded(ConsumerState.Step.LOOP, null);
                        handOut(read);
                    } finally {
                        inHand.readDone();
                    }
                    if (backoff.failures() > 0) {
                        log.info("consumer '{}' resumed after {} failed Redis round trips", config.consumer(),
                                backoff.failures());
                        backoff.reset();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                redisErrors.incrementAndGet();
                if (RedisErrors.isNoGroup(e)) {
                    open = false; // the group vanished (e.g. Redis restarted empty): recreate it
                }
                Duration delay = backoff.nextDelay();
                if (RedisErrors.isPermanent(e)) {
                    loopProblems.failed(ConsumerState.Step.LOOP, null, e); // ERROR once, not on every retry
                } else if (Integer.bitCount(backoff.failures()) == 1) { // 1st, 2nd, 4th ... failure: no log floods
                    log.warn("consumer '{}': {} (failure {}, retrying in {} ms)", config.consumer(),
                            RedisFailures.describe(e), backoff.failures(), delay.toMillis());
                }
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * How many entries the next read may bring: what the budget leaves (and {@code stopAfter}), once at least half of
     * the budget is free, so that reads are not split into many small ones; 0 after waiting up to {@code block} for
     * the workers to make room.
     */
    private int roomToRead() throws InterruptedException {
        int max = budget.entries();
        if (!inHand.awaitUnhandledAtMost(max / 2, config.block().toNanos())) {
            return 0;
        }
        long left = stopAfter - delivered.get();
        return (int) Math.min(left, max - inHand.unhandled());
    }

    /** Hands each delivery not already in hand to the workers, up to the {@code stopAfter} limit. */
    private void handOut(List<Delivery> read) {
        List<Delivery> taken = new ArrayList<>(read.size());
        for (Delivery delivery : read) {
            if (delivered.get() >= stopAfter) {
                break; // the rest stays pending (redone later)
            }
            if (inHand.take(delivery.entry())) {
                delivered.incrementAndGet();
                taken.add(delivery);
            }
        }
        workers.submit(taken, this::handle);
    }

    /** On a worker: runs the pipeline for one delivery and settles it. */
    private void handle(Delivery delivery) {
        try {
            long started = System.nanoTime();
            Outcome outcome;
            try {
                outcome = processor.process(delivery);
            } finally {
                inHand.handled();
            }
            budget.handled(System.nanoTime() - started);
            settle(delivery, outcome);
        } catch (RuntimeException e) { // a bug, not a listener failure (those are outcomes): leave it pending
            inHand.release(delivery.entry());
            log.error("consumer '{}': handling entry {} of '{}' failed unexpectedly (left pending)", config.consumer(),
                    Printable.name(delivery.entry().id()), Printable.name(delivery.entry().stream()), e);
        }
    }

    private void acknowledged(List<StreamEntry> entries) {
        acknowledged.addAndGet(entries.size());
        entries.forEach(inHand::release);
    }

    private void ackFailed(List<StreamEntry> entries, Throwable error) {
        redisErrors.incrementAndGet();
        entries.forEach(inHand::release);
        log.warn("consumer '{}': acknowledgement of {} entries failed, they stay pending and are redone: {}",
                config.consumer(), entries.size(), error.toString());
    }

    /** Dead-letters the delivery if it must be, then acknowledges it (asynchronously) unless it is retried. */
    private void settle(Delivery delivery, Outcome outcome) {
        StreamEntry entry = delivery.entry();
        switch (outcome.kind()) {
            case ACK -> acks.add(entry);
            case RETRY -> {
                retried.incrementAndGet();
                inHand.release(entry);
            }
            case DEAD_LETTER -> {
                try {
                    deadLetters.park(new DeadLetter(entry, config.group(), config.consumer(), delivery.deliveries(),
                            outcome.reason()));
                    deadLettered.incrementAndGet();
                    acks.add(entry);
                } catch (RuntimeException e) {
                    inHand.release(entry);
                    log.error("could not dead-letter entry {} of '{}' (left pending): {}",
                            Printable.name(entry.id()), Printable.name(entry.stream()),
                            Printable.message(e.getMessage()));
                }
            }
        }
    }

    /** Assembles a consumer; without Guice. */
    public static final class Builder {
        private final RedissonClient redisson;
        private final List<MessageListener> listeners = new ArrayList<>();
        private final List<Middleware> middlewares = new ArrayList<>();
        private ConsumerConfig config = ConsumerConfig.builder().build();
        private DeadLetterSink deadLetters;
        private Clock clock = Clock.systemUTC();
        private String failedSetKey = FailedMessage.SET_KEY;
        private long stopAfter = Long.MAX_VALUE;
        private List<String> streams;

        private Builder(RedissonClient redisson) {
            this.redisson = Objects.requireNonNull(redisson, "redisson");
        }

        public Builder config(ConsumerConfig config) {
            this.config = config;
            return this;
        }

        public Builder listener(MessageListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder listeners(Collection<? extends MessageListener> all) {
            listeners.addAll(all);
            return this;
        }

        /** Adds a middleware around every listener call; the first added is the outermost. */
        public Builder middleware(Middleware middleware) {
            middlewares.add(middleware);
            return this;
        }

        public Builder deadLetters(DeadLetterSink sink) {
            this.deadLetters = sink;
            return this;
        }

        /** The SET failure records go to; Laravel Streamer's {@code failed_stream} by default. */
        public Builder failedSetKey(String key) {
            this.failedSetKey = Objects.requireNonNull(key, "failedSetKey");
            return this;
        }

        /** Clock for failure-record dates (its zone is PHP's app time zone) and reclaim timing. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Handle at most {@code entries} entries, then stop reading (for a bounded run, e.g. {@code listen --count}):
         * only those are acknowledged; no read asks for more entries than are left to handle (an entry the reaper
         * reclaimed beyond the limit is not handled and stays pending, redone later).
         */
        public Builder stopAfter(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("stopAfter must be >= 1, was " + entries);
            }
            this.stopAfter = entries;
            return this;
        }

        /**
         * Read these streams instead of the listeners' event names (e.g. the partitions of a
         * {@link dev.streambus.partition.PartitionedStream}); entries still go to listeners by their {@code name}.
         */
        public Builder streams(Collection<String> streams) {
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("streams must not be empty");
            }
            this.streams = List.copyOf(streams);
            return this;
        }

        public EventConsumer build() {
            ListenerRegistry registry = new ListenerRegistry(listeners);
            List<String> streams = this.streams != null ? this.streams : List.copyOf(registry.eventNames());
            RedisStreams redis = new RedisStreams(redisson);
            EntrySource source = config.grouped()
                    ? new GroupSource(redis, streams, config, clock)
                    : new TailSource(redis, streams, config);
            List<Middleware> chain = new ArrayList<>();
            chain.add(new FailureRecorder(redisson, clock, failedSetKey));
            chain.addAll(middlewares);
            DeadLetterSink sink = deadLetters != null ? deadLetters
                    : new RedisDeadLetters(redis, config.deadLetterSuffix(), clock);
            RequiredPermissions needs = config.grouped()
                    ? RequiredPermissions.groupConsumer(config.consumer(), config.group(), streams,
                    config.deadLetterSuffix(), failedSetKey)
                    : RequiredPermissions.tailConsumer(config.consumer(), streams, config.deadLetterSuffix(),
                    failedSetKey);
            return new EventConsumer(source, new EntryProcessor(registry, chain, config), sink, config, streams,
                    new GroupExit(redis), stopAfter, new PermissionCheck(redisson, needs));
        }
    }
}
