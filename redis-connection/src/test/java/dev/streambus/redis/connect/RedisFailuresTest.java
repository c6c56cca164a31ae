package dev.streambus.redis.connect;

import org.junit.jupiter.api.Test;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redisson's wordings (copied from what Redisson 4.7 threw against Redis 7) become one clean line. */
class RedisFailuresTest {

    private static final String NOPERM_EVALSHA = "NOPERM this user has no permissions to run the 'evalsha' command. "
            + "channel: [id: 0x857653a6, L:/127.0.0.1:41846 - R:127.0.0.1/127.0.0.1:16479] command: (EVALSHA, cached "
            + "script: local x = 1\nreturn redis.call('XADD', KEYS[1], '*', 'a', 'b')), params: [5182c48122c1f7e75ef6, "
            + "1, s1], promise: java.util.concurrent.CompletableFuture@7ac561dd[Not completed, 1 dependents]";

    @Test
    void aRedisErrorKeepsCodeAndTextOnly() {
        RuntimeException wrapped = new CompletionException(new RuntimeException("batch failed",
                new RedisException(NOPERM_EVALSHA)));
        assertEquals("NOPERM this user has no permissions to run the 'evalsha' command",
                RedisFailures.describe(wrapped));
        assertTrue(RedisFailures.isNoPermission(wrapped));
    }

    @Test
    void timeoutsLoseTheirCommandDump() {
        String text = RedisFailures.describe(new RedisTimeoutException("Redis server response timeout (3000 ms) "
                + "occured after 3 retry attempts, is non-idempotent command: false. Increase nettyThreads and/or "
                + "timeout settings. Command: (XADD), params: [order.paid, *, name, x], channel: [id: 0x1]"));
        assertEquals("Redis server response timeout (3000 ms) occured after 3 retry attempts, is non-idempotent "
                + "command: false. Increase nettyThreads and/or timeout settings", text);
        assertEquals("Command execution timeout", RedisFailures.tidy(
                "Command execution timeout for command: (XADD), params: [a, b], Redis client: [addr=redis://x:1]"));
    }

    @Test
    void aLongServerTextIsBounded() {
        String text = RedisFailures.tidy("ERR " + "x".repeat(1_000));
        assertEquals(RedisFailures.MAX_LENGTH + 3, text.length());
        assertFalse(RedisFailures.isNoPermission(new RedisException("ERR no")));
    }
}
