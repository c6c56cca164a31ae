package dev.streambus.partition;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.MessageListener;
import dev.streambus.redis.AutoClaim;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Consumes the partitions of a {@link PartitionedStream} this member holds a lease on ({@link PartitionLeases}),
 * in the consumer group of {@code config}, as consumer {@code config.consumer()} (also the lease owner's name).
 * Every {@code leaseTtl / 3} it renews its leases and takes free partitions up to {@code maxPartitions}; when the set
 * changes, it restarts its {@link EventConsumer} over the partitions now held. Before reading a newly taken
 * partition it claims every entry pending there in the group (XAUTOCLAIM, min idle 0), so what a previous owner read
 * and did not acknowledge is redone first, by the new owner. Delivery stays at-least-once: an owner that lost its
 * lease (e.g. paused longer than the TTL) may still finish entries the new owner also handles.
 */
public final class LeasedPartitionConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeasedPartitionConsumer.class);
    private static final int CLAIM_PAGE = 100;

    private final RedissonClient redisson;
    private final PartitionedStream family;
    private final ConsumerConfig config;
    private final List<MessageListener> listeners;
    private final int maxPartitions;
    private final PartitionLeases leases;
    private final ScheduledExecutorService timer;
    private EventConsumer consumer;
    private boolean closed;

    private LeasedPartitionConsumer(RedissonClient redisson, PartitionedStream family, ConsumerConfig config,
                                    Collection<? extends MessageListener> listeners, Duration leaseTtl,
                                    int maxPartitions) {
        if (!config.grouped()) {
            throw new IllegalArgumentException("leased partitions need a consumer group");
        }
        if (maxPartitions < 1) {
            throw new IllegalArgumentException("maxPartitions must be >= 1, was " + maxPartitions);
        }
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.family = Objects.requireNonNull(family, "family");
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.maxPartitions = maxPartitions;
        this.leases = new PartitionLeases(redisson, family, config.consumer(), leaseTtl);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partition-leases-" + family.event());
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes leases and starts consuming at once; then rebalances every {@code leaseTtl / 3}. */
    public static LeasedPartitionConsumer start(RedissonClient redisson, PartitionedStream family,
                                                ConsumerConfig config, Collection<? extends MessageListener> listeners,
                                                Duration leaseTtl, int maxPartitions) {
        LeasedPartitionConsumer c = new LeasedPartitionConsumer(redisson, family, config, listeners, leaseTtl,
                maxPartitions);
        c.rebalance();
        long period = Math.max(1, leaseTtl.toMillis() / 3);
        c.timer.scheduleWithFixedDelay(c::rebalanceLogged, period, period, TimeUnit.MILLISECONDS);
        return c;
    }

    /** The partitions held now. */
    public synchronized Set<Integer> owned() {
        return leases.owned();
    }

    private void rebalanceLogged() {
        try {
            rebalance();
        } catch (RuntimeException e) {
            log.warn("renewing/taking partition leases of '{}' failed, retrying: {}", family.event(), e.toString());
        }
    }

    private synchronized void rebalance() {
        if (closed) {
            return;
        }
        Set<Integer> lost = leases.renew();
        Set<Integer> taken = leases.acquire(maxPartitions);
        if (lost.isEmpty() && taken.isEmpty()) {
            return;
        }
        log.info("consumer '{}' of '{}': partitions {} (lost {}, took {})", config.consumer(), family.event(),
                leases.owned(), lost, taken);
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
        RedisStreams streams = new RedisStreams(redisson);
        for (int p : taken) {
            claimPending(streams, family.stream(p));
        }
        if (!leases.owned().isEmpty()) {
            consumer = EventConsumer.builder(redisson).config(config).listeners(listeners)
                    .streams(leases.owned().stream().map(family::stream).toList()).build();
            consumer.start();
        }
    }

    /** Moves every entry pending in the group on {@code stream} to this consumer. */
    private void claimPending(RedisStreams streams, String stream) {
        streams.ensureGroup(stream, config.group(), config.startFrom());
        AutoClaim claim = new AutoClaim(redisson);
        String cursor = "0-0";
        int claimed = 0;
        AutoClaim.Page page;
        do {
            page = claim.claim(stream, config.group(), config.consumer(), 0, cursor, CLAIM_PAGE);
            claimed += page.entries().size();
            cursor = page.nextCursor();
        } while (!page.complete());
        if (claimed > 0) {
            log.info("consumer '{}' took over {} pending entries of '{}'", config.consumer(), claimed, stream);
        }
    }

    /** Stops consuming and gives the leases up, so other members take the partitions at once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        if (consumer != null) {
            consumer.close();
        }
        leases.release();
    }
}
