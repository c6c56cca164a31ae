package dev.streambus.benchmarks.bus;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.publish.RedisPublisher;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Publish → handled latency at a steady rate: one thread publishes ({@code publishAsync}) one event every
 * 1/rate s on a fixed schedule (catching up without pause when it falls behind), an {@link EventConsumer} with
 * default settings handles them. Each event's latency runs from its <em>scheduled</em> publish time (so a stalled
 * publisher counts against us, no coordinated omission) to the moment its listener is called; events of the
 * warm-up are not recorded. Microsecond resolution, HdrHistogram with 3 significant digits.
 */
final class EndToEndLatency {

    /** Percentiles in milliseconds of the recorded events; how far the publisher fell behind its schedule at worst. */
    record Result(int rate, long events, double p50Millis, double p99Millis, double maxMillis,
                  double publisherBehindMillis) {
    }

    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final RedissonClient redisson;
    private final RedisPublisher publisher;
    private final RunEventType events;
    private final String stream;
    private final RunKeys keys;

    EndToEndLatency(RedissonClient redisson, RedisPublisher publisher, RunEventType events, String stream,
                    RunKeys keys) {
        this.redisson = redisson;
        this.publisher = publisher;
        this.events = events;
        this.stream = stream;
        this.keys = keys;
    }

    Result measure(int rate, Duration warmUp, Duration measured) throws InterruptedException {
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        int warm = (int) (warmUp.toNanos() / period);
        int total = warm + (int) (measured.toNanos() / period);
        List<Object> batch = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            batch.add(events.sample(i));
        }
        long[] scheduled = new long[total];
        Histogram micros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong handled = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long behind = 0;
        EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group("bench-latency-group-" + keys.suffix())
                        .consumer("bench-latency").startFrom("0").build())
                .listener(Listeners.on(events.type(), "bench-latency", (event, message) -> {
                    long now = System.nanoTime();
                    int i = (int) events.sequence(event);
                    if (i >= warm) {
                        micros.recordValue(Math.min(micros.getHighestTrackableValue(),
                                Math.max(0, (now - scheduled[i]) / 1000)));
                    }
                    handled.incrementAndGet();
                }))
                .build();
        try {
            consumer.start();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            for (int i = 0; i < total; i++) {
                scheduled[i] = start + i * period;
            }
            for (int i = 0; i < total; i++) { // scheduled[] is written before the consumer can see event i
                long wait;
                while ((wait = scheduled[i] - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                behind = Math.max(behind, System.nanoTime() - scheduled[i]);
                publisher.publishAsync(batch.get(i)).whenComplete((id, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (handled.get() < total && failure.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("handled " + handled.get() + " of " + total);
                }
                Thread.sleep(1);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("publishAsync failed", failure.get());
            }
        } finally {
            consumer.close();
            keys.delete(stream);
        }
        return new Result(rate, micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0,
                behind / 1e6);
    }
}
