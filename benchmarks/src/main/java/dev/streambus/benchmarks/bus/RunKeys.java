package dev.streambus.benchmarks.bus;

import org.redisson.api.RedissonClient;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Redis keys this run creates: all carry a random suffix, all are remembered and all are deleted (DEL) at the
 * end, on failure too, and from a shutdown hook if the JVM is interrupted. Nothing else is ever deleted.
 */
final class RunKeys implements AutoCloseable {

    private final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final Set<String> keys = new LinkedHashSet<>();
    private final RedissonClient redisson;
    private final Thread hook = new Thread(this::deleteAll, "bench-cleanup");
    private boolean deleted;

    RunKeys(RedissonClient redisson) {
        this.redisson = redisson;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** 8 hex digits unique to this run. */
    String suffix() {
        return suffix;
    }

    /** The event (= stream) name for this run's {@link BenchEvent} copy; as long as the placeholder. */
    String eventName() {
        return track("streambus.bench.bus." + suffix);
    }

    /** A key for a baseline, e.g. {@code streambus.bench.raw-publish.1a2b3c4d}. */
    String key(String what) {
        return track("streambus.bench." + what + "." + suffix);
    }

    /** Remembers a key created under another name (e.g. a dead-letter stream) for deletion at the end. */
    synchronized String track(String key) {
        keys.add(key);
        return key;
    }

    /** Deletes one key now (between rounds), keeping it on the list. */
    void delete(String key) {
        redisson.getKeys().delete(key);
    }

    synchronized void deleteAll() {
        if (deleted || keys.isEmpty() || redisson.isShutdown()) {
            return;
        }
        redisson.getKeys().delete(keys.toArray(String[]::new));
        deleted = true;
    }

    @Override
    public void close() {
        try {
            deleteAll();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds nothing left to do)
            }
        }
    }

    synchronized Set<String> keys() {
        return Set.copyOf(keys);
    }
}
