package dev.streambus.redis;

import org.redisson.api.RedissonClient;

import java.util.Objects;

/**
 * Redis Cluster's hash-slot rules for naming keys that a script touches together.
 *
 * <p>{@link #sibling} names a key in the same slot as another: {@code {<key>}<suffix>} for a key without a hash tag,
 * {@code <key><suffix>} for one that has a tag ({@code orders{eu}} → {@code orders{eu}:dead}). {@link #slot} is the
 * key's slot, computed locally by {@link HashSlot} (CRC16 with the hash-tag rule); it is 0 for every key when the
 * client is not in cluster mode, so "all in one slot" always holds on a single server.
 */
public final class SlotKeys {

    private SlotKeys() {
    }

    /** Whether {@code key} has a hash tag that picks its slot ({@link HashSlot#hashTag}). */
    public static boolean hasHashTag(String key) {
        return HashSlot.hashTag(key) != null;
    }

    /**
     * A key in {@code key}'s slot ending in {@code suffix}. (A key with a {@code '}'} but no tag cannot be wrapped
     * into its own slot; on Cluster, give such a key a hash tag.)
     */
    public static String sibling(String key, String suffix) {
        Objects.requireNonNull(key, "key");
        return (hasHashTag(key) ? key : "{" + key + "}") + suffix;
    }

    /** The hash slot of {@code key} in cluster mode ({@link HashSlot}); 0 for every key outside it. */
    public static int slot(RedissonClient redisson, String key) {
        return redisson.getConfig().isClusterConfig() ? HashSlot.of(key) : 0;
    }
}
