package dev.streambus.benchmarks.bus;

import dev.streambus.publish.RedisPublisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Our publisher, four ways, with typed {@link BenchEvent}s (so encoding — Jackson, PHP JSON, SHA-256 — is
 * included): {@code publish} one after another, {@code publish} from many threads at once, {@code publishAll} (pipelined batches) and {@code publishAsync}
 * with a bounded number in flight. Events are built before the clock starts; the stream is deleted after every
 * round.
 */
final class OurPublish {

    private final RedisPublisher publisher;
    private final RunEventType events;
    private final String stream;
    private final RunKeys keys;

    OurPublish(RedisPublisher publisher, RunEventType events, String stream, RunKeys keys) {
        this.publisher = publisher;
        this.events = events;
        this.stream = stream;
        this.keys = keys;
    }

    /** {@code publish(event)} n times: one round trip each. */
    Rounds.Trial oneByOne(int n) {
        return () -> {
            List<Object> batch = build(n);
            try {
                return Rounds.time(batch.size(), () -> batch.forEach(publisher::publish));
            } finally {
                keys.delete(stream);
            }
        };
    }

    /**
     * {@code threadCount} threads each calling {@code publish(event)} (sync) on its share of n events, one after
     * another: how a service publishing from its request threads uses the bus (the publisher gathers their events
     * into pipelined writes).
     */
    Rounds.Trial threads(int n, int threadCount) {
        return () -> {
            List<Object> batch = build(n);
            try {
                return Rounds.timeInParallel(batch.size(), threadCount, i -> publisher.publish(batch.get(i)));
            } finally {
                keys.delete(stream);
            }
        };
    }

    /** {@code publishAll(events)} of n. */
    Rounds.Trial all(int n) {
        return () -> {
            List<Object> batch = build(n);
            try {
                return Rounds.time(batch.size(), () -> {
                    List<String> ids = publisher.publishAll(batch);
                    if (ids.size() != batch.size()) {
                        throw new IllegalStateException("publishAll returned " + ids.size() + " ids");
                    }
                });
            } finally {
                keys.delete(stream);
            }
        };
    }

    /** {@code publishAsync(event)} n times, at most {@code inFlight} unanswered at any time. */
    Rounds.Trial async(int n, int inFlight) {
        return () -> {
            List<Object> batch = build(n);
            Semaphore permits = new Semaphore(inFlight);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try {
                return Rounds.time(batch.size(), () -> {
                    for (Object event : batch) {
                        permits.acquire();
                        CompletableFuture<String> id = publisher.publishAsync(event);
                        id.whenComplete((ok, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                            permits.release();
                        });
                    }
                    permits.acquire(inFlight); // all answered
                    if (failure.get() != null) {
                        throw new IllegalStateException("publishAsync failed", failure.get());
                    }
                });
            } finally {
                keys.delete(stream);
            }
        };
    }

    private List<Object> build(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(events.sample(i));
        }
        return out;
    }
}
