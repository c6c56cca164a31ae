package dev.streambus.testing;

import dev.streambus.localredis.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.redisson.api.RedissonClient;

/**
 * Shared setup of the consumer tests: the class's Redis client, a {@link Streams} writer, and removal of the
 * {@code failed_stream} records the class's listeners left, after every test, passed or failed.
 */
@RedisTest
public abstract class ConsumerTestBase {

    protected final RedissonClient redisson;
    protected final Streams streams;

    protected ConsumerTestBase(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @AfterEach
    void removeFailureRecords() {
        streams.removeFailureRecordsOf(getClass());
    }
}
