package dev.streambus.connect;

import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.redis.connect.RedisConnectException;
import dev.streambus.redis.connect.RedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connect failures a person can act on, within the connect timeout: a {@code rediss://} URL against a plain server,
 * and a server that accepts TCP but never answers (paused with SIGSTOP), both against a private redis-server.
 */
class ConnectFailureTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Scheduling slack on a busy machine; far below the 18-46 s these took before. */
    private static final Duration MARGIN = Duration.ofMillis(2_500);

    private static RedisServerProcess server;

    @BeforeAll
    static void startServer() {
        server = RedisServerProcess.create().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aTlsUrlAgainstAPlainServerSaysSoWithinTheConnectTimeout() {
        RedisConnection connection = RedisConnection.builder().url("rediss://127.0.0.1:" + server.port())
                .connectTimeout(CONNECT_TIMEOUT).build();
        long started = System.nanoTime();
        RedisConnectException e = assertThrows(RedisConnectException.class, connection::connect);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(e.getMessage().startsWith("could not connect to rediss://127.0.0.1:" + server.port()
                + ": TLS handshake failed"), e.getMessage());
        assertTrue(e.getMessage().contains("is the server speaking TLS on this port?"), e.getMessage());
        assertTrue(took.compareTo(CONNECT_TIMEOUT.plus(MARGIN)) < 0, "took " + took);
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsWithinTheConnectTimeout() {
        RedisConnection connection = server.connection().toBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        server.pause();
        try {
            long started = System.nanoTime();
            RedisConnectException e = assertThrows(RedisConnectException.class, connection::connect);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals("could not connect to redis://127.0.0.1:" + server.port() + ": the server accepted the "
                    + "connection but did not answer within 2000 ms: is it paused, overloaded, or not a Redis server?",
                    e.getMessage());
            assertTrue(took.compareTo(CONNECT_TIMEOUT.plus(MARGIN)) < 0, "took " + took);
        } finally {
            server.resume();
        }
    }
}
