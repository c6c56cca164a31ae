package dev.streambus.benchmarks.bus;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our consumer: n events are published into a fresh stream (not timed), then an {@link EventConsumer} in a new
 * group reads them, decodes each to the typed event, dispatches it to a listener that counts, and acknowledges.
 * Timed from {@code start()} until the listener has counted n and then XPENDING reports 0 pending for the group.
 */
final class OurConsume {

    /** How long one round may take before we give up (a stuck consumer must not hang the benchmark). */
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final RedissonClient redisson;
    private final RedisPublisher publisher;
    private final RunEventType events;
    private final String stream;
    private final RunKeys keys;
    private final ConsumerConfig.Builder config;

    OurConsume(RedissonClient redisson, RedisPublisher publisher, RunEventType events, String stream, RunKeys keys,
               ConsumerConfig.Builder config) {
        this.redisson = redisson;
        this.publisher = publisher;
        this.events = events;
        this.stream = stream;
        this.keys = keys;
        this.config = config;
    }

    Rounds.Trial trial(int n) {
        return () -> {
            int count = n;
            String group = "bench-group-" + keys.suffix();
            keys.track(DeadLetterKeys.DEFAULT.of(stream)); // only exists on failures
            try {
                fill(count);
                AtomicLong handled = new AtomicLong();
                CountDownLatch allHandled = new CountDownLatch(1);
                EventConsumer consumer = EventConsumer.builder(redisson)
                        .config(config.group(group).consumer("bench-consumer").startFrom("0").build())
                        .listener(Listeners.on(events.type(), "bench-counter", (event, message) -> {
                            if (handled.incrementAndGet() == count) {
                                allHandled.countDown();
                            }
                        }))
                        .build();
                RStream<String, String> s = redisson.getStream(stream, StringCodec.INSTANCE);
                try {
                    CpuUse window = CpuUse.start();
                    long start = System.nanoTime(); // for the timeout; the measured time is the window's
                    consumer.start();
                    // woken by the last handled entry, and XPENDING only then: polling all along put ~2,000
                    // wake-ups (and once ~2,000 Redis commands) a second on the 2 cores the consumer measured
                    // here shares; the peers' loops poll nothing
                    if (!allHandled.await(TIMEOUT_NANOS, TimeUnit.NANOSECONDS)) {
                        throw stuck(handled, consumer);
                    }
                    while (s.getPendingInfo(group).getTotal() > 0) {
                        stuckAfter(start, handled, consumer);
                        Thread.sleep(0, 500_000);
                    }
                    CpuUse.Spent spent = window.stop();
                    if (handled.get() != count) {
                        throw new IllegalStateException("handled " + handled.get() + " of " + count);
                    }
                    return new Rounds.Timed(count, spent);
                } finally {
                    consumer.close();
                }
            } finally {
                keys.delete(stream);
            }
        };
    }

    private static void stuckAfter(long start, AtomicLong handled, EventConsumer consumer) {
        if (System.nanoTime() - start > TIMEOUT_NANOS) {
            throw stuck(handled, consumer);
        }
    }

    private static IllegalStateException stuck(AtomicLong handled, EventConsumer consumer) {
        return new IllegalStateException("consumer stuck: handled " + handled.get() + ", stats " + consumer.stats());
    }

    private void fill(int count) {
        List<Object> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(events.sample(i));
        }
        publisher.publishAll(batch);
    }
}
