package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisUrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbeddedRedisTest {

    @Test
    void startsOnAFreeLoopbackPortWithoutPersistenceAndStops() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.start();
        RedisUrl url = redis.url();
        try (Resp resp = Resp.connect(url, Duration.ofSeconds(1))) {
            assertTrue(redis.version().startsWith("6.2"), redis.version());
            assertEquals("PONG", resp.call("PING"));
            assertEquals(java.util.List.of("save", ""), resp.call("CONFIG", "GET", "save"));
            assertEquals(java.util.List.of("appendonly", "no"), resp.call("CONFIG", "GET", "appendonly"));
            assertEquals(java.util.List.of("bind", "127.0.0.1"), resp.call("CONFIG", "GET", "bind"));
        } finally {
            redis.close();
        }
        assertFalse(redis.isActive());
        assertFalse(Resp.answersPing(url, Duration.ofMillis(300)));
    }
}
