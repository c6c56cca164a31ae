package dev.streambus.deadletter;

import dev.streambus.redis.SlotKeys;

import java.util.List;

/**
 * The one place that names dead-letter streams. Dead letters of stream {@code s} go to a stream in {@code s}'s hash
 * slot, so replaying them (one script over both keys) works on Redis Cluster: {@code {s}<suffix>} for an untagged
 * {@code s} ({@code orders} → {@code {orders}:dead}), {@code s<suffix>} for a tagged one ({@code {orders}.placed}
 * → {@code {orders}.placed:dead}). Streams parked by earlier versions in {@code s<suffix>} are still read and
 * replayed ({@link #legacy}).
 *
 * @param suffix the suffix, e.g. {@value RedisDeadLetters#DEFAULT_SUFFIX}; not empty
 */
public record DeadLetterKeys(String suffix) {

    /** The default {@value RedisDeadLetters#DEFAULT_SUFFIX}. */
    public static final DeadLetterKeys DEFAULT = new DeadLetterKeys(RedisDeadLetters.DEFAULT_SUFFIX);

    /** Validates. */
    public DeadLetterKeys {
        if (suffix == null || suffix.isEmpty()) {
            throw new IllegalArgumentException("dead-letter suffix must not be empty");
        }
    }

    /** Where new dead letters of {@code stream} are parked (same hash slot as {@code stream}). */
    public String of(String stream) {
        return SlotKeys.sibling(stream, suffix);
    }

    /** Where versions before the slot-aware naming parked them: {@code stream + suffix}. */
    public String legacy(String stream) {
        return stream + suffix;
    }

    /**
     * The dead-letter streams to read for {@code stream}, older first: {@link #legacy} (if it differs), then
     * {@link #of}.
     */
    public List<String> all(String stream) {
        String current = of(stream);
        String legacy = legacy(stream);
        return current.equals(legacy) ? List.of(current) : List.of(legacy, current);
    }

    /** Whether {@code key} is named like a dead-letter stream (ends with the suffix). */
    public boolean isDeadLetterStream(String key) {
        return key.endsWith(suffix);
    }
}
