package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisUrl;

import java.io.IOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisServer;

/**
 * An embedded Redis (the binary shipped in {@code com.github.codemonstur:embedded-redis}) on a free loopback port,
 * with persistence off ({@code save ""}, {@code appendonly no}). {@link #start()} returns only once the server answers
 * PING; a JVM shutdown hook stops it if {@link #close()} was not called.
 */
final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final int ATTEMPTS = 3;

    private final RedisServer server;
    private final int port;
    private final String version;
    private final Thread shutdownHook;

    private EmbeddedRedis(RedisServer server, int port, String version) {
        this.server = server;
        this.port = port;
        this.version = version;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-redis-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a new embedded server; retries on another port if the chosen one was taken meanwhile. */
    static EmbeddedRedis start() throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = Ports.freeLoopbackPort();
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true)
                    .build();
            try {
                server.start();
                RedisUrl url = RedisUrl.of("127.0.0.1", port);
                String version = Resp.serverVersion(url, Duration.ofSeconds(2));
                return new EmbeddedRedis(server, port, version);
            } catch (IOException e) {
                last = e;
                LOG.debug("embedded Redis failed to start on port {} (attempt {}/{})", port, attempt, ATTEMPTS, e);
                try {
                    server.stop();
                } catch (IOException | RuntimeException ignored) {
                    // best effort
                }
            }
        }
        throw new IOException("embedded Redis did not start after " + ATTEMPTS + " attempts", last);
    }

    int port() {
        return port;
    }

    String version() {
        return version;
    }

    RedisUrl url() {
        return RedisUrl.of("127.0.0.1", port);
    }

    boolean isActive() {
        return server.isActive();
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to run; nothing to do
        }
    }

    private void stopQuietly() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not stop embedded Redis on port {}: {}", port, e.toString());
        }
    }
}
