package dev.streambus.spring;

import dev.streambus.localredis.LocalRedis;
import dev.streambus.spring.StarterEvents.Receipts;
import dev.streambus.spring.StarterEvents.WrongSignature;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A wrong setting fails the start with a message naming the property (or bean and method) and what is wrong. */
class StreamBusPropertiesValidationTest extends StarterRedisTest {

    @Test
    void aValueTheConsumerBuilderRefusesNamesTheProperty() {
        String failure = startFailure(runner.withBean(RedissonClient.class, () -> redisson)
                .withPropertyValues("streambus.consumer.batch-size=0"));
        assertTrue(failure.contains("streambus.consumer.batch-size: batchSize must be >= 1, was 0"), failure);
    }

    @Test
    void aDurationRuleOfTheConsumerIsReportedToo() {
        String failure = startFailure(runner.withBean(RedissonClient.class, () -> redisson)
                .withPropertyValues("streambus.consumer.block=5s", "streambus.consumer.dead-consumer-idle=2s"));
        assertTrue(failure.contains("streambus.consumer.dead-consumer-idle: deadConsumerIdle (PT2S) must exceed block "
                + "(PT5S)"), failure);
    }

    @Test
    void aMalformedRedisUrlIsNamedWithoutItsPassword() {
        String failure = startFailure(runner.withPropertyValues(
                "streambus.redis.url=redis://app:s3cret-pw@127.0.0.1:notaport"));
        assertTrue(failure.contains("streambus.redis.url: Redis URL"), failure);
        assertFalse(failure.contains("s3cret-pw"), failure);
    }

    @Test
    void noUrlAndNoRedissonClientSaysWhatToSet() {
        String failure = startFailure(runner);
        assertTrue(failure.contains("set streambus.redis.url") && failure.contains("or define a RedissonClient bean"),
                failure);
    }

    @Test
    void listenersWithoutAConsumerGroupSayHowToChoose() {
        String failure = startFailure(runner.withBean(RedissonClient.class, () -> redisson)
                .withBean(Receipts.class));
        assertTrue(failure.contains("no consumer group: set streambus.consumer.group")
                && failure.contains(StarterEvents.PAID), failure);
    }

    @Test
    void aListenerMethodWithAWrongSignatureIsNamed() {
        String failure = startFailure(runner.withBean(RedissonClient.class, () -> redisson)
                .withBean("wrong", WrongSignature.class));
        assertTrue(failure.contains("@StreamerListener method WrongSignature.on(class java.lang.String) of bean "
                + "'wrong'") && failure.contains("java.lang.String is not annotated @StreamerEvent"), failure);
    }

    /** Every message of the start failure's cause chain, one per line. */
    private static String startFailure(ApplicationContextRunner runner) {
        List<String> messages = new ArrayList<>();
        runner.run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "the context started");
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        });
        return String.join("\n", messages);
    }
}
