package dev.streambus.cli;

import dev.streambus.redis.connect.RedisConnection;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens and releases the Redis client one command uses. */
public interface RedisConnector {

    /**
     * Connects to {@code url}.
     *
     * @throws dev.streambus.redis.connect.RedisConnectException        when Redis cannot be reached
     * @throws dev.streambus.redis.connect.RedisAuthenticationException when it refused the credentials
     * @throws IllegalArgumentException                                 when the URL is malformed (never echoes a password)
     */
    RedissonClient connect(String url);

    /** Releases a client {@link #connect} returned. */
    void release(RedissonClient client);

    /** A new client per command, short connect timeout and one retry, shut down after the command. */
    RedisConnector DEFAULT = new RedisConnector() {
        @Override
        public RedissonClient connect(String url) {
            return RedisConnection.fromUrl(url).toBuilder().connectTimeout(Duration.ofSeconds(3))
                    .retryAttempts(1).retryDelay(Duration.ofMillis(200)).poolSize(8).minIdle(1).build().connect();
        }

        @Override
        public void release(RedissonClient client) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    };
}
