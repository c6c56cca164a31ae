package dev.streambus.localredis;

import java.time.Duration;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

/** Builds Redisson clients tuned for tests and demos: string codec, small pools, short retries. */
final class RedissonClients {

    static final int POOL_SIZE = 16;
    static final int MIN_IDLE = 2;

    private RedissonClients() {
    }

    /** The Redisson config for {@code url}: {@link StringCodec}, pool 16 / min idle 2, 3 retries 200 ms apart. */
    static Config config(RedisUrl url) {
        Config config = url.toRedissonConfig();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(4);
        config.setNettyThreads(8);
        config.useSingleServer()
                .setConnectionPoolSize(POOL_SIZE)
                .setConnectionMinimumIdleSize(MIN_IDLE)
                .setSubscriptionConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setConnectTimeout(3_000)
                .setTimeout(5_000)
                .setRetryAttempts(3)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(200)));
        return config;
    }

    /** A new client; the caller must {@link RedissonClient#shutdown()} it. */
    static RedissonClient create(RedisUrl url) {
        return Redisson.create(config(url));
    }
}
