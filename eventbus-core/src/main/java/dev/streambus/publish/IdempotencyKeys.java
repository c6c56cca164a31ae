package dev.streambus.publish;

import dev.streambus.redis.SlotKeys;

/**
 * Names the Redis key that remembers an idempotency key of a stream (used where Redis has no native idempotent
 * XADD). It lives in the stream's hash slot, so the publish script may touch both on Redis Cluster:
 * {@code {<stream>}:idem:<key>} for a stream without a hash tag, {@code <stream>:idem:<key>} for one that has a
 * tag ({@code orders{eu}} → {@code orders{eu}:idem:<key>}). Its value is the entry id. (A stream name with a
 * {@code '}'} but no tag cannot be wrapped into its own slot; on Cluster, give such a stream a hash tag.)
 */
public final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    /** The key that records {@code idempotencyKey} for {@code stream}. */
    public static String storageKey(String stream, String idempotencyKey) {
        requireKey(idempotencyKey);
        return SlotKeys.sibling(stream, ":idem:" + idempotencyKey);
    }


    static String requireKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw new IllegalArgumentException("idempotency key must not be null or empty");
        }
        return idempotencyKey;
    }
}
