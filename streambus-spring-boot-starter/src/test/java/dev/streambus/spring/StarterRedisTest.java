package dev.streambus.spring;

import dev.streambus.localredis.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Base of the starter tests on the shared Redis: the test class's client, a context runner with every streambus
 * auto-configuration, and {@link StarterEvents}' streams deleted before and after each test.
 */
@RedisTest
abstract class StarterRedisTest {

    /** Every streambus auto-configuration, as the imports file lists them. */
    static final AutoConfigurations STREAMBUS = AutoConfigurations.of(StreamBusAutoConfiguration.class,
            StreamBusProjectionsAutoConfiguration.class, StreamBusHealthAutoConfiguration.class,
            StreamBusConsoleAutoConfiguration.class);

    protected RedissonClient redisson;
    protected final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(STREAMBUS);

    @BeforeEach
    void deleteStreamsBefore(RedissonClient redisson) {
        this.redisson = redisson;
        StarterEvents.deleteStreams(redisson);
    }

    @AfterEach
    void deleteStreamsAfter() {
        StarterEvents.deleteStreams(redisson);
    }
}
