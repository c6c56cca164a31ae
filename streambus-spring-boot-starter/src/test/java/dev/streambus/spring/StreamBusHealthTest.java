package dev.streambus.spring;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.spring.StarterEvents.Receipts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health against an own redis-server, stopped and started again under a running context. */
class StreamBusHealthTest {

    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.create().start();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void consumerHealthIsUpWhileRunningDownWhileRedisIsStoppedAndUpAgainAfterItsReturn() {
        new ApplicationContextRunner().withConfiguration(StarterRedisTest.STREAMBUS)
                .withBean(Receipts.class)
                .withPropertyValues("streambus.redis.url=" + redis.url(), "streambus.consumer.group=health",
                        "streambus.consumer.block=200ms", "streambus.health.redis-timeout=500ms",
                        "streambus.redis.response-timeout=500ms")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    HealthIndicator consumer = (HealthIndicator) context.getBean("streambusHealthContributor",
                            CompositeHealthContributor.class).getContributor("consumer");
                    assertNotNull(consumer, "a 'consumer' indicator in the 'streambus' contributor");
                    Await.until(Duration.ofSeconds(20), () -> "RUNNING".equals(consumer.health().getDetails()
                            .get("state")), () -> "not RUNNING: " + consumer.health());
                    assertEquals(Status.UP, consumer.health().getStatus());

                    redis.stop();
                    Health down = consumer.health();
                    assertEquals(Status.DOWN, down.getStatus(), down::toString);
                    assertTrue(!"ok".equals(down.getDetails().get("redis")), down::toString);

                    redis.start();
                    Await.until(Duration.ofSeconds(30), () -> consumer.health().getStatus().equals(Status.UP),
                            () -> "not UP again: " + consumer.health());
                });
    }
}
