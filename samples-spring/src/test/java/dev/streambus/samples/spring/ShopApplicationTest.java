package dev.streambus.samples.spring;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.metrics.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole service against real Redis (REDIS_URL, else 127.0.0.1:6379, else an embedded one). */
@SpringBootTest
class ShopApplicationTest {

    static final String STREAM = "payment.received";

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry properties) {
        properties.add("streambus.redis.url", () -> LocalRedis.resolve().url());
        properties.add("streambus.consumer.group", () -> "receipts-test-" + UUID.randomUUID());
        properties.add("streambus.consumer.block", () -> "200ms");
    }

    @BeforeAll
    @AfterAll
    static void deleteStream() {
        RedissonClient redis = LocalRedis.resolve().newClient();
        try {
            redis.getKeys().delete(STREAM, dev.streambus.deadletter.DeadLetterKeys.DEFAULT.of(STREAM));
        } finally {
            redis.shutdown();
        }
    }

    @Autowired
    Checkout checkout;
    @Autowired
    Receipts receipts;
    @Autowired
    HealthEndpoint health;
    @Autowired
    MeterRegistry meters;

    @Test
    void aPaymentPublishedThroughTheCheckoutGetsItsReceiptTheConsumerIsHealthyAndMetered() {
        checkout.pay("o-1001", 4999);
        Await.until(Duration.ofSeconds(30), () -> receipts.sent().contains("o-1001"), () -> "no receipt");
        assertEquals(List.of("o-1001"), receipts.sent());
        Await.until(Duration.ofSeconds(10), () -> Status.UP.equals(health.healthForPath("streambus", "consumer")
                .getStatus()), () -> "consumer not UP");
        assertEquals(Status.UP, health.health().getStatus());
        assertEquals(1, meters.get(MeterNames.PUBLISH).tag(MeterNames.TAG_STREAM, STREAM)
                .tag(MeterNames.TAG_OUTCOME, MeterNames.SUCCESS).timer().count(), "Actuator's registry has the meters");
        Await.until(Duration.ofSeconds(10), () -> meters.find(MeterNames.CONSUME_HANDLED)
                .tag(MeterNames.TAG_STREAM, STREAM).counter() != null, () -> "no consume meter");
    }
}
