package dev.streambus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.streambus.metrics.MeterNames.*;

/**
 * The publish meters ({@value MeterNames#PUBLISH} timer, {@value MeterNames#PUBLISH_ENTRIES} counter) of one
 * registry; used by {@link dev.streambus.publish.ObservedPublisher}. Thread-safe; meters are created once per stream.
 */
public final class PublishMetrics {

    private final MeterRegistry registry;
    private final Map<String, Meters> byStream = new ConcurrentHashMap<>();

    private record Meters(Timer success, Timer failure, Counter entries) {
    }

    public PublishMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Records one publish call to {@code stream}: its duration, whether it succeeded, and (on success) how many
     * entries it stored there.
     */
    public void record(String stream, long nanos, boolean success, long entries) {
        Meters meters = byStream.computeIfAbsent(stream, this::meters);
        (success ? meters.success() : meters.failure()).record(nanos, TimeUnit.NANOSECONDS);
        if (success) {
            meters.entries().increment(entries);
        }
    }

    private Meters meters(String stream) {
        return new Meters(timer(stream, SUCCESS), timer(stream, FAILURE),
                Counter.builder(PUBLISH_ENTRIES).description("Entries stored by publish calls")
                        .baseUnit("entries").tag(TAG_STREAM, stream).register(registry));
    }

    private Timer timer(String stream, String outcome) {
        return Timer.builder(PUBLISH).description("Publish calls: count, latency and failures (outcome)")
                .tags(TAG_STREAM, stream, TAG_OUTCOME, outcome).register(registry);
    }
}
