package dev.streambus.consume;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.archive.AfterAllListeners;
import dev.streambus.consume.handle.EntryHandler;
import dev.streambus.consume.handle.EntryMiddleware;
import dev.streambus.consume.handle.HandlerChain;
import dev.streambus.consume.handle.Handling;
import dev.streambus.consume.handle.Outcome;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.compat.text.Printable;
import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.DeadLetterSink;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.failed.FailureRecorder;
import dev.streambus.permission.PermissionCheck;
import dev.streambus.permission.RequiredPermissions;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A running consumer: the pipeline read ({@link StreamReader} per {@linkplain StreamGrouping reader group}, each
 * decorated by {@link ReadAhead} and run by its own {@link ReadLoop} thread) → handle ({@link HandlerChain}: one
 * {@link Outcome} per entry, on {@code workers} threads) → settle (dead-letter, then acknowledge through the
 * {@link Acker} port, coalesced by {@link CoalescedAcks}). What happens is told to {@link ConsumerEvents} listeners.
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

    private final List<StreamReader> readers;
    private final List<List<String>> readerGroups;
    private final DeadLetterSink deadLetters;
    private final ConsumerConfig config;
    private final List<String> streams;
    private final GroupExit groupExit;
    private final EntryHandler handler;
    private final CoalescedAcks acks;
    private final InHand inHand = new InHand();
    private final ReadBudget budget;
    private final PermissionCheck preflight;
    private final Watchers watchers;
    private final Leases leases;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong redisErrors = new AtomicLong();

    private final long stopAfter;
    private volatile boolean running;
    private List<ReadLoop> loops = List.of();
    private List<Thread> threads = List.of();
    private Workers workers;

    private EventConsumer(List<List<String>> readerGroups, List<StreamReader> readers, Acker acker,
                          EntryHandler handler, DeadLetterSink deadLetters, ConsumerConfig config, List<String> streams,
                          GroupExit groupExit, long stopAfter, PermissionCheck preflight,
                          List<ConsumerEvents> listeners, RedisStreams redis) {
        this.readerGroups = readerGroups;
        this.handler = handler;
        this.stopAfter = stopAfter;
        this.preflight = preflight;
        this.watchers = new Watchers("consumer '" + config.consumer() + "'", listeners);
        this.acks = new CoalescedAcks(acker, this::acknowledged, this::ackFailed);
        this.budget = ReadBudget.of(config, streams.size());
        this.readers = readers.stream().<StreamReader>map(r -> new ReadAhead(r, inHand, budget, readers.size(),
                config.block())).toList();
        this.deadLetters = deadLetters;
        this.config = config;
        this.streams = streams;
        this.groupExit = groupExit;
        this.leases = config.grouped() && redis != null ? new Leases(redis, config, inHand::heldByStream) : null;
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

    /** The reader groups: each list of streams is read by one XREADGROUP (or XREAD) of its own. */
    public List<List<String>> readerGroups() {
        return readerGroups;
    }

    /**
     * Tells {@code listener} what this consumer does from now on (as {@link Builder#events} does from the start): for
     * watchers made after the consumer, such as a {@link dev.streambus.health.ConsumerHealth}.
     */
    public void watch(ConsumerEvents listener) {
        watchers.add(listener);
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
        List<ConsumerState.Problem> loopProblems = new ArrayList<>();
        List<ConsumerState.Problem> problems = new ArrayList<>();
        boolean roundTripDone = true;
        for (ReadLoop loop : loops) {
            loopProblems.addAll(loop.loopProblems());
            problems.addAll(loop.readerProblems());
            roundTripDone &= loop.roundTripDone();
        }
        problems.addAll(0, loopProblems);
        long unreadable = problems.stream().filter(p -> p.step() == ConsumerState.Step.READ)
                .map(ConsumerState.Problem::stream).distinct().count();
        ConsumerState.Status status;
        if (!loopProblems.isEmpty() || unreadable == streams.size()) {
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
     * answer within 5 s), then starts one read loop per reader group and returns (Redis being down is retried with
     * back-off).
     *
     * @throws dev.streambus.permission.MissingPermissionsException if the Redis ACL user lacks a command or key the
     *                                                              consumer needs (unless switched off in the config)
     */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("consumer already started");
        }
        if (config.checkPermissions() && preflight != null) {
            preflight.verify();
        }
        running = true;
        workers = new Workers(config);
        ReadLoop.Host host = new Host();
        List<ReadLoop> started = new ArrayList<>();
        List<Thread> made = new ArrayList<>();
        ThreadFactory factory = config.threadFactory();
        for (StreamReader reader : readers) {
            ReadLoop loop = new ReadLoop(config.consumer(), reader, host, config.maxBackoff());
            started.add(loop);
            made.add(factory.newThread(loop));
        }
        loops = List.copyOf(started);
        threads = List.copyOf(made);
        watchers.on(new ConsumerEvent.Started(config.consumer(), readerGroups)); // before any event of the loops
        threads.forEach(Thread::start);
        if (leases != null) {
            leases.start();
        }
        log.info("consumer '{}' {} started on {}{}", config.consumer(),
                config.grouped() ? "in group '" + config.group() + "'" : "without group", streams,
                readerGroups.size() > 1 ? " in " + readerGroups.size() + " reader groups " + readerGroups : "");
    }

    /**
     * Stops reading, lets the entries in hand be handled within {@code shutdownTimeout} and acknowledges them (waiting
     * for Redis to confirm). Entries not finished by then stay pending and are redone by this group later.
     */
    @Override
    public synchronized void close() {
        if (threads.isEmpty()) {
            return;
        }
        running = false;
        try {
            long deadline = System.nanoTime() + config.block().plus(config.shutdownTimeout()).toNanos();
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    log.warn("consumer '{}' did not stop within {}; interrupting", config.consumer(),
                            config.shutdownTimeout());
                    thread.interrupt();
                    thread.join(TimeUnit.SECONDS.toMillis(5));
                }
            }
            awaitSettled(config.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (leases != null) {
                leases.close();
            }
            workers.close();
            threads = List.of();
            loops = List.of();
        }
        log.info("consumer '{}' stopped: {}", config.consumer(), stats());
        watchers.on(new ConsumerEvent.Stopped(config.consumer(), stats()));
    }

    /**
     * Redoes this consumer's own pending entries now rather than at its next reclaim round: each reader group pages
     * through them once more at its next read (within {@code block}), as it does at start. For entries moved to this
     * consumer from another one (XCLAIM/XAUTOCLAIM by an operator) while it runs. Entries it holds already are not
     * handled twice; nothing changes for a consumer without a group or not running.
     */
    public void redoPending() {
        if (config.grouped()) {
            readers.forEach(StreamReader::redoPending);
        }
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

    /** Waits up to {@code timeout} for every entry in hand to be handled and its acknowledgement confirmed. */
    private void awaitSettled(Duration timeout) throws InterruptedException {
        if (!inHand.awaitNoneHeld(timeout.toNanos())) {
            log.warn("consumer '{}': {} entries not settled within {}: left pending, redone later",
                    config.consumer(), inHand.held(), timeout);
        }
    }

    /** What the read loops report to and ask of this consumer. */
    private final class Host implements ReadLoop.Host {
        private volatile boolean stopLogged;

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public long left() {
            long left = stopAfter - delivered.get();
            if (left <= 0 && !stopLogged) {
                stopLogged = true;
                log.info("consumer '{}' handled {} entries: stopping", config.consumer(), stopAfter);
            }
            return left;
        }

        /** Hands each entry taken to the workers, up to the {@code stopAfter} limit (the rest stays pending). */
        @Override
        public void handOut(List<Delivery> taken) {
            List<Delivery> handed = taken;
            if (stopAfter != Long.MAX_VALUE) {
                handed = new ArrayList<>(taken.size());
                for (Delivery delivery : taken) {
                    if (delivered.getAndUpdate(n -> n < stopAfter ? n + 1 : n) < stopAfter) {
                        handed.add(delivery);
                    } else {
                        inHand.drop(delivery.entry());
                    }
                }
            } else {
                delivered.addAndGet(taken.size());
            }
            if (!handed.isEmpty() && !watchers.isEmpty()) {
                watchers.on(new ConsumerEvent.EntriesRead(config.consumer(), handed.size()));
            }
            workers.submit(handed, EventConsumer.this::handle);
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

    /** On a worker: runs the handler chain for one delivery and settles it. */
    private void handle(Delivery delivery) {
        try {
            long started = System.nanoTime();
            Outcome outcome;
            try {
                outcome = handler.handle(Handling.of(delivery));
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
        if (!watchers.isEmpty()) {
            watchers.on(new ConsumerEvent.BatchSettled(config.consumer(), entries.size()));
        }
        entries.forEach(inHand::release); // after the event: close() waits for this, then says Stopped
    }

    private void ackFailed(List<StreamEntry> entries, Throwable error) {
        String reason = RedisFailures.describe(error);
        watchers.on(new ConsumerEvent.RedisError(config.consumer(), "acknowledgement failed: " + reason, 1, false));
        redisErrors.incrementAndGet(); // after the event: who sees the count has seen the event
        entries.forEach(inHand::release);
        log.warn("consumer '{}': acknowledgement of {} entries failed, they stay pending and are redone: {}",
                config.consumer(), entries.size(), reason);
    }

    /** Tells the listeners an entry was settled (an event per entry: only when someone listens). */
    private void settled(Delivery delivery, Outcome outcome) {
        if (!watchers.isEmpty()) {
            watchers.on(new ConsumerEvent.EntrySettled(config.consumer(), delivery, outcome));
        }
    }

    /** Carries out the outcome: dead-letters the entry if it must be, then acknowledges it unless it is retried. */
    private void settle(Delivery delivery, Outcome outcome) {
        StreamEntry entry = delivery.entry();
        if (outcome instanceof Outcome.DeadLetter dead) {
            try {
                deadLetters.park(new DeadLetter(entry, config.group(), config.consumer(), delivery.deliveries(),
                        dead.reason()));
                deadLettered.incrementAndGet();
                settled(delivery, outcome);
                acks.add(entry);
            } catch (RuntimeException e) {
                inHand.release(entry);
                log.error("could not dead-letter entry {} of '{}' (left pending): {}",
                        Printable.name(entry.id()), Printable.name(entry.stream()),
                        Printable.message(RedisFailures.describe(e)));
            }
        } else if (outcome instanceof Outcome.Retry) {
            retried.incrementAndGet();
            settled(delivery, outcome);
            inHand.release(entry);
        } else {
            settled(delivery, outcome);
            acks.add(entry);
        }
    }

    /** Assembles a consumer; without Guice. */
    public static final class Builder {
        private final RedissonClient redisson;
        private final List<MessageListener> listeners = new ArrayList<>();
        private final List<Middleware> middlewares = new ArrayList<>();
        private final List<EntryMiddleware> entryMiddlewares = new ArrayList<>();
        private final List<ConsumerEvents> events = new ArrayList<>();
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;
        private io.opentelemetry.api.OpenTelemetry openTelemetry;
        private AfterAllListeners afterAllListeners;
        private StreamGrouping grouping;
        private ConsumerConfig config = ConsumerConfig.builder().build();
        private DeadLetterSink deadLetters;
        private Clock clock = Clock.systemUTC();
        private String failedSetKey = FailedMessage.SET_KEY;
        private long stopAfter = Long.MAX_VALUE;
        private List<String> streams;

        private Function<List<String>, StreamReader> readerPort;
        private Acker ackerPort;

        private Builder(RedissonClient redisson) {
            this.redisson = Objects.requireNonNull(redisson, "redisson");
        }

        private Builder(Function<List<String>, StreamReader> readers, Acker acker, DeadLetterSink deadLetters) {
            this.redisson = null;
            this.readerPort = Objects.requireNonNull(readers, "readers");
            this.ackerPort = Objects.requireNonNull(acker, "acker");
            this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        }

        /**
         * For tests on in-memory fakes: a consumer reading through {@code readers} (one per reader group of streams),
         * acknowledging through {@code acker} and dead-lettering to {@code deadLetters}, with no Redis behind it: no
         * failure recording, no leases, no permission check, no {@link EventConsumer#closeAndLeaveGroup}.
         */
        static Builder onPorts(Function<List<String>, StreamReader> readers, Acker acker,
                               DeadLetterSink deadLetters) {
            return new Builder(readers, acker, deadLetters);
        }

        /** The consumer's settings; default {@link ConsumerConfig#builder()}'s defaults (no group: a plain tail). */
        public Builder config(ConsumerConfig config) {
            this.config = config;
            return this;
        }

        /** Adds a listener; the streams read are the event names of all listeners added. */
        public Builder listener(MessageListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Adds listeners, in the collection's order. */
        public Builder listeners(Collection<? extends MessageListener> all) {
            listeners.addAll(all);
            return this;
        }

        /**
         * Adds a middleware around every listener call (innermost in the {@link HandlerChain}: it sees each listener
         * and its exception); the first added is the outermost.
         */
        public Builder middleware(Middleware middleware) {
            middlewares.add(middleware);
            return this;
        }

        /**
         * Adds an entry-level middleware around the whole handling of each delivery (outermost: it sees every
         * delivery and its final {@link Outcome}; metrics, tracing); the first added is the outermost. See
         * {@link HandlerChain}.
         */
        public Builder entryMiddleware(EntryMiddleware middleware) {
            entryMiddlewares.add(middleware);
            return this;
        }

        /** Runs an action once every listener of a delivery succeeded ({@code --archive}, {@code --purge}). */
        public Builder afterAllListeners(AfterAllListeners action) {
            this.afterAllListeners = action;
            return this;
        }

        /** Tells {@code listener} what the consumer does ({@link ConsumerEvent}). */
        public Builder events(ConsumerEvents listener) {
            events.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How the streams are split into reader groups, each read by its own XREADGROUP/XREAD; default
         * {@link StreamGrouping#BY_SLOT} on a Redis Cluster connection, else {@link StreamGrouping#ONE}.
         */
        public Builder grouping(StreamGrouping grouping) {
            this.grouping = Objects.requireNonNull(grouping, "grouping");
            return this;
        }

        /** Where dead letters go; default {@code {<stream>} + deadLetterSuffix} in the same Redis. */
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
         * Records the consume metrics ({@link dev.streambus.metrics.ConsumeMetrics}: handled, failed, retried,
         * dead-lettered, handler latency, read size) in {@code registry}; off by default. The backlog gauges (lag,
         * pending, dead letters) come from a {@link dev.streambus.metrics.StreamBacklog}.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Continues the publisher's trace ({@code traceparent} entry field) around every listener call with a
         * {@code process} span ({@link dev.streambus.tracing.TracingMiddleware}); off by default.
         */
        public Builder openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
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

        /**
         * A consumer, not started yet ({@link EventConsumer#start()} starts it).
         *
         * @throws IllegalArgumentException when a listener handles no events
         */
        public EventConsumer build() {
            ListenerRegistry registry = new ListenerRegistry(listeners);
            List<String> streams = this.streams != null ? this.streams : List.copyOf(registry.eventNames());
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("no streams to read: register at least one listener");
            }
            RedisStreams redis = redisson == null ? null : new RedisStreams(redisson);
            StreamGrouping split = grouping != null ? grouping
                    : redis != null && redisson.getConfig().isClusterConfig() ? StreamGrouping.BY_SLOT
                    : StreamGrouping.ONE;
            List<List<String>> groups = split.split(streams);
            GroupCreation creation = config.grouped() && redis != null ? new GroupCreation(redis, config) : null;
            List<StreamReader> readers = groups.stream().<StreamReader>map(part -> readerPort != null
                    ? readerPort.apply(part) : config.grouped()
                    ? new GroupSource(redis, part, config, clock, creation)
                    : new TailSource(redis, part, config)).toList();
            Acker acker = ackerPort != null ? ackerPort
                    : config.grouped() ? new GroupAcker(redis, config.group(), creation) : Acker.NONE;
            List<Middleware> listenerLevel = new ArrayList<>();
            List<ConsumerEvents> watching = new ArrayList<>(events);
            if (openTelemetry != null) { // outermost of ours: the span covers the metrics and the user's middlewares
                listenerLevel.add(new dev.streambus.tracing.TracingMiddleware(openTelemetry, config.group()));
            }
            if (meterRegistry != null) {
                dev.streambus.metrics.ConsumeMetrics metrics =
                        new dev.streambus.metrics.ConsumeMetrics(meterRegistry, config.group());
                listenerLevel.add(metrics);
                watching.add(metrics);
            }
            listenerLevel.addAll(middlewares);
            EntryHandler handler = HandlerChain.assemble(config, registry,
                    redisson == null ? null : new FailureRecorder(redisson, clock, failedSetKey), afterAllListeners,
                    entryMiddlewares, listenerLevel);
            DeadLetterSink sink = deadLetters != null ? deadLetters
                    : new RedisDeadLetters(redis, config.deadLetterSuffix(), clock);
            RequiredPermissions needs = config.grouped()
                    ? RequiredPermissions.groupConsumer(config.consumer(), config.group(), streams,
                    config.deadLetterSuffix(), failedSetKey)
                    : RequiredPermissions.tailConsumer(config.consumer(), streams, config.deadLetterSuffix(),
                    failedSetKey);
            return new EventConsumer(groups, readers, acker, handler, sink, config, streams, new GroupExit(redis),
                    stopAfter, redisson == null ? null : new PermissionCheck(redisson, needs), watching, redis);
        }
    }
}
