package dev.streambus.benchmarks.bus;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Publish → handled latency at a steady rate: one thread sends one event every 1/rate s on a fixed schedule (catching
 * up without pause when it falls behind) through a {@link LatencySubject}, whose consumer hands each event to a
 * listener. Each event's latency runs from its <em>scheduled</em> publish time (so a stalled publisher counts against
 * the subject, no coordinated omission) to the moment its listener is called; events of the warm-up are not
 * recorded. Microsecond resolution, HdrHistogram with 3 significant digits.
 */
final class EndToEndLatency {

    /** Percentiles in milliseconds of the recorded events; how far the publisher fell behind its schedule at worst. */
    record Result(String label, int rate, long events, double p50Millis, double p99Millis, double maxMillis,
                  double publisherBehindMillis) {
    }

    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private EndToEndLatency() {
    }

    static Result measure(LatencySubject subject, int rate, Duration warmUp, Duration measured) throws Exception {
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        int warm = (int) (warmUp.toNanos() / period);
        int total = warm + (int) (measured.toNanos() / period);
        long[] scheduled = new long[total];
        Histogram micros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong handled = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long behind = 0;
        try (LatencySubject.Run run = subject.start(total, i -> {
            long now = System.nanoTime();
            if (i >= warm) {
                micros.recordValue(Math.min(micros.getHighestTrackableValue(),
                        Math.max(0, (now - scheduled[i]) / 1000)));
            }
            handled.incrementAndGet();
        })) {
            promoteToOldGeneration();
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
                run.send(i).whenComplete((id, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (handled.get() < total && failure.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(subject.label() + ": handled " + handled.get() + " of " + total);
                }
                Thread.sleep(1);
            }
            if (failure.get() != null) {
                throw new IllegalStateException(subject.label() + ": publishing failed", failure.get());
            }
        }
        return new Result(subject.label(), rate, micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, behind / 1e6);
    }

    /**
     * The prepared events are the benchmark's own data, not the bus's: without this, every young collection during
     * the measurement copied them (about 14 MB at 130,000 events) from survivor space to survivor space until they
     * were old enough to be promoted, 4-6 ms per pause that a service publishing its events as they happen does not
     * pay. A full collection before the clock starts promotes them once, as JMH's {@code -gc true} does between
     * iterations.
     */
    @SuppressWarnings("java:S1215") // an explicit GC is the point here
    private static void promoteToOldGeneration() {
        System.gc();
    }
}
