package dev.streambus.cluster;

import dev.streambus.testing.Streams;
import org.redisson.api.RedissonClient;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Publishes to some streams round-robin on its own thread until stopped; remembers every acknowledged id. */
final class ClusterLoad implements AutoCloseable {

    private final Streams streams;
    private final List<String> names;
    private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ClusterLoad(RedissonClient redisson, List<String> names) {
        this.streams = new Streams(redisson);
        this.names = List.copyOf(names);
        names.forEach(name -> acknowledged.put(name, ConcurrentHashMap.newKeySet()));
        this.thread = new Thread(this::run, "cluster-load");
        thread.start();
    }

    private void run() {
        int n = 0;
        while (running.get()) {
            String stream = names.get(n % names.size());
            try {
                acknowledged.get(stream).add(streams.publish(stream, Map.of("n", n)));
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                sleep(50);
            }
            n++;
            sleep(2);
        }
    }

    /** Ids acknowledged by Redis for {@code stream} so far. */
    Set<String> acknowledged(String stream) {
        return acknowledged.get(stream);
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
