package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisConnection;
import dev.streambus.redis.connect.RedisUrl;

import java.time.Duration;

import org.redisson.api.RedissonClient;

/** The connection profile for tests and demos: {@link RedisConnection} with small pools and short retries. */
final class RedissonClients {

    static final int POOL_SIZE = 16;
    static final int MIN_IDLE = 2;

    private RedissonClients() {
    }

    /** {@code url} with pool 16 / min idle 2, 3 retries 200 ms apart, 3 s connect / 5 s reply timeouts. */
    static RedisConnection connection(RedisUrl url) {
        return RedisConnection.builder().url(url)
                .poolSize(POOL_SIZE)
                .minIdle(MIN_IDLE)
                .connectTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(5))
                .retryAttempts(3)
                .retryDelay(Duration.ofMillis(200))
                .threads(4)
                .nettyThreads(8)
                .build();
    }

    /** A new client (string codec); the caller must {@link RedissonClient#shutdown()} it. */
    static RedissonClient create(RedisUrl url) {
        return connection(url).connect();
    }
}
