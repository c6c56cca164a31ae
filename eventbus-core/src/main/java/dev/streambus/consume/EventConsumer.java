package dev.streambus.consume;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.text.Printable;
import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.DeadLetterSink;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.failed.FailureRecorder;
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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running consumer: the pipeline {@link EntrySource} → {@link EntryProcessor} (decode, route, middlewares,
 * listeners) → settle (dead-letter, then acknowledge) on one loop thread, with handlers on {@code workers} threads.
 *
 * <p>Guarantees, in a group: at-least-once (an entry is acknowledged only after all its listeners succeeded, or
 * after it was dead-lettered); failed entries stay pending and are retried by the reclaim step after
 * {@code reclaimIdle}, up to {@code maxDeliveries}, then dead-lettered; entries pending when a consumer crashed
 * are reclaimed by any consumer of the group; malformed entries (including {@code data} that does not map onto a
 * typed listener's type, see {@link ConsumerConfig#mapping()}) are dead-lettered at once with the reason, before any
 * listener runs, and are not recorded in {@code failed_stream}. Redis
 * errors never end the loop: it backs off (capped, jittered) and resumes, recreating a vanished group. Ordering:
 * see {@link ConsumerConfig.Ordering}; retried entries come back out of order.
 *
 * <p>I/O overlaps the handling in a group: the next batch of new entries is read ahead while the current one is
 * handled ({@link GroupSource}, {@link ReadAhead}), and acknowledgements are sent without waiting for them
 * ({@link AckPipeline}); neither changes what is acknowledged, nor the order batches are handled in. On
 * {@link #close()} nothing more is read ahead; entries read ahead but not handled stay pending (redone later).
 * Slow batches are not read ahead ({@link ReadAheadPolicy}), so read-ahead entries do not idle towards
 * {@code reclaimIdle}.
 */
public final class EventConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    /**
     * Acknowledgement batches sent but not yet confirmed before the loop waits: 2 lets the XACK of one batch travel
     * while the next is handled, without letting unconfirmed acknowledgements pile up when Redis is slow.
     */
    static final int ACKS_IN_FLIGHT = 2;

    private final EntrySource source;
    private final Workers workers;
    private final DeadLetterSink deadLetters;
    private final ConsumerConfig config;
    private final List<String> streams;
    private final GroupExit groupExit;
    private final AckPipeline acks;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong redisErrors = new AtomicLong();

    private final ReadAheadPolicy readAhead;
    private volatile boolean running;
    private Thread loop;

    private EventConsumer(EntrySource source, EntryProcessor processor, DeadLetterSink deadLetters,
                          ConsumerConfig config, List<String> streams, GroupExit groupExit,
                          ReadAheadPolicy readAhead) {
        this.source = source;
        this.readAhead = readAhead;
        this.acks = new AckPipeline(source, ACKS_IN_FLIGHT, acknowledged::addAndGet, this::ackFailed);
        this.workers = new Workers(processor, config);
        this.deadLetters = deadLetters;
        this.config = config;
        this.streams = streams;
        this.groupExit = groupExit;
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

    /** Starts the loop thread; returns at once (Redis being down at start is retried with back-off). */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("consumer already started");
        }
        running = true;
        readAhead.resume();
        loop = new Thread(this::run, "streambus-consumer-" + config.consumer());
        loop.setDaemon(true);
        loop.start();
        log.info("consumer '{}' {} started on {}", config.consumer(),
                config.grouped() ? "in group '" + config.group() + "'" : "without group", streams);
    }

    /**
     * Stops reading, lets the batch in flight finish within {@code shutdownTimeout} and acknowledges what finished
     * (waiting for Redis to confirm). Entries not finished, or read ahead but not handled, stay pending and are redone
     * by this group later.
     */
    @Override
    public synchronized void close() {
        if (loop == null) {
            return;
        }
        running = false;
        readAhead.stop();
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
            source.stopReading();
            acks.drain(config.shutdownTimeout());
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
                List<Delivery> batch = source.next();
                if (!batch.isEmpty()) {
                    delivered.addAndGet(batch.size());
                    long started = System.nanoTime();
                    settle(batch, workers.process(batch));
                    readAhead.handled(System.nanoTime() - started);
                }
                if (backoff.failures() > 0) {
                    log.info("consumer '{}' resumed after {} failed Redis round trips", config.consumer(),
                            backoff.failures());
                    backoff.reset();
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
                if (Integer.bitCount(backoff.failures()) == 1) { // 1st, 2nd, 4th, 8th ... failure: no log floods
                    log.warn("consumer '{}': {} (failure {}, retrying in {} ms)", config.consumer(), e.getMessage(),
                            backoff.failures(), delay.toMillis());
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

    private void ackFailed(Throwable error) {
        redisErrors.incrementAndGet();
        log.warn("consumer '{}': acknowledgement failed, its entries stay pending and are redone: {}",
                config.consumer(), error.toString());
    }

    /** Dead-letters what must be, then sends the acknowledgement of what is done (confirmed asynchronously). */
    private void settle(List<Delivery> batch, Map<Delivery, Outcome> outcomes) throws InterruptedException {
        List<StreamEntry> done = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            Outcome outcome = outcomes.get(delivery);
            switch (outcome.kind()) {
                case ACK -> done.add(delivery.entry());
                case RETRY -> retried.incrementAndGet();
                case DEAD_LETTER -> {
                    try {
                        deadLetters.park(new DeadLetter(delivery.entry(), config.group(), config.consumer(),
                                delivery.deliveries(), outcome.reason()));
                        deadLettered.incrementAndGet();
                        done.add(delivery.entry());
                    } catch (RuntimeException e) {
                        log.error("could not dead-letter entry {} of '{}' (left pending): {}",
                                Printable.name(delivery.entry().id()), Printable.name(delivery.entry().stream()),
                                Printable.message(e.getMessage()));
                    }
                }
            }
        }
        acks.submit(done);
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

        public EventConsumer build() {
            ListenerRegistry registry = new ListenerRegistry(listeners);
            List<String> streams = List.copyOf(registry.eventNames());
            RedisStreams redis = new RedisStreams(redisson);
            ReadAheadPolicy readAhead = new ReadAheadPolicy(config);
            EntrySource source = config.grouped()
                    ? new GroupSource(redis, streams, config, clock, readAhead)
                    : new TailSource(redis, streams, config);
            List<Middleware> chain = new ArrayList<>();
            chain.add(new FailureRecorder(redisson, clock, failedSetKey));
            chain.addAll(middlewares);
            DeadLetterSink sink = deadLetters != null ? deadLetters
                    : new RedisDeadLetters(redis, config.deadLetterSuffix(), clock);
            return new EventConsumer(source, new EntryProcessor(registry, chain, config), sink, config, streams,
                    new GroupExit(redis), readAhead);
        }
    }
}
