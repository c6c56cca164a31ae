package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisUrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

class RedisServerProcessTest {

    private static final Duration T = Duration.ofSeconds(1);

    @Test
    void startStopRestartOnTheSamePort() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.create().start()) {
            int port = server.port();
            RedisUrl url = server.redisUrl();
            assertEquals("redis://127.0.0.1:" + port, server.url());
            assertTrue(server.isRunning());
            try (Resp resp = Resp.connect(url, T)) {
                assertEquals("OK", resp.call("SET", "k", "v"));
            }

            server.stop();
            assertFalse(server.isRunning());
            assertFalse(Resp.answersPing(url, Duration.ofMillis(300)), "stopped server must not answer");

            server.restart();
            assertEquals(port, server.port(), "restart keeps the port");
            try (Resp resp = Resp.connect(url, T)) {
                assertEquals("PONG", resp.call("PING"));
                assertNull(resp.call("GET", "k"), "no persistence across restarts");
            }

            server.restart();
            assertTrue(Resp.answersPing(url, T), "restart while running");
        }
    }

    @Test
    void requirePassRejectsWrongPasswordWithoutEchoingIt() throws Exception {
        String good = "g00d-Pass";
        String wrong = "Wr0ng-Pass-77";
        try (RedisServerProcess server = RedisServerProcess.create().requirePass(good).start()) {
            assertEquals("redis://:" + good + "@127.0.0.1:" + server.port(), server.url());
            assertFalse(server.toString().contains(good), server.toString());
            RedisUrl anonymous = server.redisUrl().withoutCredentials();
            try (Resp resp = Resp.connect(anonymous, T)) {
                Resp.RespError noAuth = assertThrows(Resp.RespError.class, () -> resp.call("PING"));
                assertTrue(noAuth.getMessage().startsWith("NOAUTH"), noAuth.getMessage());
            }
            Resp.RespError bad = assertThrows(Resp.RespError.class,
                    () -> Resp.connect(anonymous.withCredentials(null, wrong), T).close());
            assertTrue(bad.getMessage().startsWith("WRONGPASS") || bad.getMessage().contains("invalid"),
                    bad.getMessage());
            assertFalse(bad.getMessage().contains(wrong), bad.getMessage());

            RedissonClient wrongClient = null;
            try {
                wrongClient = RedissonClients.create(anonymous.withCredentials(null, wrong));
                RedissonClient c = wrongClient;
                Exception e = assertThrows(Exception.class, () -> c.getBucket("x").get());
                assertNoSecret(e, wrong);
            } catch (RuntimeException e) {
                assertNoSecret(e, wrong); // Redisson may already refuse at creation
            } finally {
                if (wrongClient != null) {
                    wrongClient.shutdown();
                }
            }

            RedissonClient client = server.newClient();
            try {
                client.getBucket("greeting").set("hi");
                assertEquals("hi", client.getBucket("greeting").get());
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aPausedServerAnswersNothingUntilResumed() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.create().start()) {
            server.pause();
            assertFalse(Resp.answersPing(server.redisUrl(), Duration.ofMillis(300)), "paused: no answer");
            server.resume();
            assertTrue(Resp.answersPing(server.redisUrl(), T));
            server.pause(); // close() resumes before SHUTDOWN, so a paused server still stops
        }
    }

    @Test
    void embeddedBinaryWorksAsFallback() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.create().useEmbeddedBinary().start()) {
            assertTrue(Resp.serverVersion(server.redisUrl(), T).startsWith("6.2"));
            int port = server.port();
            server.restart();
            assertEquals(port, server.port());
            assertTrue(Resp.answersPing(server.redisUrl(), T));
        }
    }

    @Test
    void badConfigFailsFastWithTheLogTail() {
        RedisServerProcess server = RedisServerProcess.create().config("no-such-directive", "1");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
            assertTrue(e.getMessage().contains("no-such-directive"), e.getMessage());
            assertTrue(e.getMessage().contains("log tail"), e.getMessage());
        } finally {
            server.close();
        }
    }

    @Test
    void extraConfigIsApplied() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.create().config("maxmemory", "12mb").start();
             Resp resp = Resp.connect(server.redisUrl(), T)) {
            assertEquals(java.util.List.of("maxmemory", String.valueOf(12 * 1024 * 1024)),
                    resp.call("CONFIG", "GET", "maxmemory"));
        }
    }

    private static void assertNoSecret(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
        }
    }
}
