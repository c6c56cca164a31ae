package dev.streambus.bus;

import dev.streambus.localredis.RedisTest;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The core runs with no DI container: Guice is not on its class path (its wiring lives in eventbus-guice). */
@RedisTest
class PlainJavaWiringTest {

    @Test
    void guiceIsNotOnTheCoreClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.google.inject.Module"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("jakarta.inject.Inject"));
    }

    @Test
    void aPublishOnlyBusIsBuiltWithNew(RedissonClient redisson) {
        try (EventBus bus = new EventBus(new RedisPublisher(redisson, PublisherConfig.builder().build()), null)) {
            bus.start();
            assertEquals(java.util.Optional.empty(), bus.consumerState());
        }
    }
}
