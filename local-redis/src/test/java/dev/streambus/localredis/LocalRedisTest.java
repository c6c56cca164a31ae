package dev.streambus.localredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;

class LocalRedisTest {

    private static final LocalRedis.EmbeddedStarter NO_EMBEDDED = () -> {
        throw new AssertionError("embedded must not be started");
    };

    @Test
    void sharedInstanceFollowsTheEnvironmentAndCanXaddXrange() {
        LocalRedis redis = LocalRedis.resolve();
        assertSame(redis, LocalRedis.resolve());
        String env = System.getenv(LocalRedis.ENV_VAR);
        if (env != null && !env.isBlank()) {
            assertEquals(LocalRedis.Source.ENV, redis.source());
        } else if (LocalRedis.DEFAULT_PROBE.answersPing(LocalRedis.LOCAL_DEFAULT_URL)) {
            assertEquals(LocalRedis.Source.LOCAL_DEFAULT, redis.source());
            assertEquals("redis://127.0.0.1:6379", redis.url());
        } else {
            assertEquals(LocalRedis.Source.EMBEDDED, redis.source());
        }
        assertTrue(redis.serverVersion().matches("\\d+\\.\\d+.*"), redis.serverVersion());
        assertTrue(redis.atLeast(6, 2), redis.describe());
        assertFalse(redis.atLeast(99, 0));

        String stream = TestKeys.forTest("LocalRedisTest", "xadd").stream("orders");
        RedissonClient client = redis.newClient();
        try {
            RStream<String, String> s = client.getStream(stream);
            StreamMessageId id = s.add(StreamAddArgs.entries("type", "OrderPlaced", "payload", "{\"id\":1}"));
            Map<StreamMessageId, Map<String, String>> range = s.range(StreamMessageId.MIN, StreamMessageId.MAX);
            assertEquals(List.of(id), List.copyOf(range.keySet()));
            assertEquals("OrderPlaced", range.get(id).get("type"));
        } finally {
            client.getKeys().delete(stream);
            client.shutdown();
        }
    }

    @Test
    void envWinsWithoutProbing() {
        assumeLocalDefaultRunning();
        AtomicInteger probes = new AtomicInteger();
        LocalRedis redis = LocalRedis.resolve(name -> name.equals("REDIS_URL") ? "redis://127.0.0.1:6379/0" : null,
                url -> probes.incrementAndGet() > 0, NO_EMBEDDED);
        assertEquals(LocalRedis.Source.ENV, redis.source());
        assertEquals(0, probes.get());
        assertTrue(redis.describe().contains("REDIS_URL is set"), redis.describe());
    }

    @Test
    void localDefaultWhenItAnswersPing() {
        assumeLocalDefaultRunning();
        LocalRedis redis = LocalRedis.resolve(name -> null, LocalRedis.DEFAULT_PROBE, NO_EMBEDDED);
        assertEquals(LocalRedis.Source.LOCAL_DEFAULT, redis.source());
        assertTrue(redis.describe().contains("REDIS_URL not set; 127.0.0.1:6379 answered PING"), redis.describe());
    }

    @Test
    void embeddedWhenNothingElseAnswers() throws Exception {
        LocalRedis redis = LocalRedis.resolve(name -> "  ", url -> false, EmbeddedRedis::start);
        try {
            assertEquals(LocalRedis.Source.EMBEDDED, redis.source());
            assertTrue(redis.serverVersion().startsWith("6.2"), redis.serverVersion());
            assertTrue(Resp.answersPing(redis.redisUrl(), Duration.ofSeconds(1)));
            assertTrue(redis.describe().contains(
                    "REDIS_URL not set; 127.0.0.1:6379 did not answer PING; started embedded Redis 6.2"),
                    redis.describe());
            assertTrue(redis.url().startsWith("redis://127.0.0.1:"), redis.url());
        } finally {
            redis.stopEmbedded();
        }
        assertFalse(Resp.answersPing(redis.redisUrl(), Duration.ofMillis(300)), "stopped");
    }

    @Test
    void envUrlWithPasswordIsUsedAndNeverDescribed() {
        String secret = "env-Secret-42";
        try (RedisServerProcess server = RedisServerProcess.create().requirePass(secret).start()) {
            String url = "redis://:" + secret + "@127.0.0.1:" + server.port() + "/1";
            LocalRedis redis = LocalRedis.resolve(name -> name.equals("REDIS_URL") ? url : null,
                    u -> fail("no probe when REDIS_URL is set"), NO_EMBEDDED);
            assertEquals(LocalRedis.Source.ENV, redis.source());
            assertEquals(url, redis.url(), "url() keeps the credentials");
            assertFalse(redis.describe().contains(secret), redis.describe());
            assertFalse(redis.toString().contains(secret));
            assertTrue(redis.describe().contains("redis://***@127.0.0.1:" + server.port() + "/1"), redis.describe());
        }
    }

    @Test
    void invalidEnvUrlFailsWithoutEchoingThePassword() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LocalRedis.resolve(n -> "redis://u:hunter2 2@h:1", u -> false, NO_EMBEDDED));
        assertTrue(e.getMessage().startsWith("REDIS_URL is invalid: "), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void versionComparison() {
        assertEquals(List.of(7, 0, 15), toList(LocalRedis.parseVersion("7.0.15")));
        assertEquals(List.of(6, 2, 11), toList(LocalRedis.parseVersion("6.2.11")));
        assertEquals(List.of(7, 4, 0), toList(LocalRedis.parseVersion("7.4.0-rc1")));
        assertEquals(List.of(8, 0, 0), toList(LocalRedis.parseVersion("8")));
    }

    private static List<Integer> toList(int[] v) {
        return List.of(v[0], v[1], v[2]);
    }

    private static void assumeLocalDefaultRunning() {
        assumeTrue(LocalRedis.DEFAULT_PROBE.answersPing(LocalRedis.LOCAL_DEFAULT_URL), "no Redis on 127.0.0.1:6379");
    }
}
