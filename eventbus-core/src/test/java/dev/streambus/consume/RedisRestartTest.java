package dev.streambus.consume;

import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.publish.PublishException;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis restarts empty (no persistence): the consumer backs off, recreates its group and goes on by itself. */
class RedisRestartTest {

    @Test
    void consumerResumesByItselfAfterRedisRestartsAndPublishingFailsLoudlyMeanwhile() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.create().start()) {
            RedissonClient redisson = server.newClient();
            try {
                Streams streams = new Streams(redisson);
                Recorder recorder = new Recorder("Recorder", "orders");
                try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                        .group("restart-test").block(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(500))
                        .build()).listener(recorder).build()) {
                    consumer.start();
                    for (int i = 0; i < 10; i++) {
                        streams.publish("orders", Map.of("n", i));
                    }
                    Await.until(Duration.ofSeconds(30), () -> recorder.distinct() == 10, () -> recorder.distinct() + "");

                    server.stop();
                    PublishException down = assertThrows(PublishException.class,
                            () -> streams.publish("orders", Map.of("n", -1)));
                    assertTrue(down.getMessage().contains("'orders'"), down.getMessage());
                    server.start();

                    Await.until(Duration.ofSeconds(30), () -> tryPublish(streams), () -> "publishing never recovered");
                    for (int i = 11; i < 20; i++) {
                        streams.publish("orders", Map.of("n", i));
                    }
                    Await.until(Duration.ofSeconds(60), () -> recorder.distinct() == 20,
                            () -> recorder.distinct() + " of 20; " + consumer.stats());
                    assertTrue(consumer.stats().redisErrors() > 0, "it did see the outage: " + consumer.stats());
                }
            } finally {
                redisson.shutdown();
            }
        }
    }

    private static boolean tryPublish(Streams streams) {
        try {
            streams.publish("orders", Map.of("n", 10));
            return true;
        } catch (PublishException e) {
            return false;
        }
    }
}
