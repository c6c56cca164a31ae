package dev.streambus.health;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisExtension;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.metrics.StreamBacklog;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A consumer's health: its state, degraded by lag over the threshold and by Redis errors, against real Redis. */
@RedisTest
class ConsumerHealthTest {

    private final RedissonClient redisson;
    private final Streams streams;

    ConsumerHealthTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @Test
    void lagOverTheThresholdDegradesAndDrainingRestoresRunning(LocalRedis redis, TestKeys keys)
            throws InterruptedException {
        RedisExtension.assumeRedisAtLeast(redis, 7, 0, "XINFO GROUPS lag");
        String stream = keys.stream("orders");
        for (int n = 0; n < 10; n++) {
            streams.xadd(stream, streams.fields(stream, n));
        }
        String group = keys.name("g");
        CountDownLatch release = new CountDownLatch(1);
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group(group).batchSize(1).block(Duration.ofMillis(100)).build())
                .listener(Listeners.onMessage(Set.of(stream), "Stuck", (ReceivedMessage m) -> release.await()))
                .build();
             StreamBacklog backlog = StreamBacklog.of(redisson, consumer, Duration.ofSeconds(60))) {
            ConsumerHealth health = new ConsumerHealth(consumer, backlog, 5);
            assertEquals(HealthReport.Status.STOPPED, health.report().status());

            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().delivered() >= 1, () -> "nothing read");
            backlog.refresh();
            HealthReport stuck = health.report();
            assertEquals(HealthReport.Status.DEGRADED, stuck.status(), stuck.toString());
            HealthReport.Reason reason = stuck.reasons().get(0);
            assertEquals(HealthReport.Kind.LAG, reason.kind());
            assertEquals(stream, reason.stream());
            assertTrue(reason.text().contains("threshold 5"), reason.text());
            assertEquals(List.of(stream), stuck.details().get("streams"));
            assertEquals(group, stuck.details().get("group"));
            assertEquals(9L, stuck.details().get("lag." + stream), "one entry in hand (batch size 1), nine not read");

            release.countDown();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 10,
                    () -> consumer.stats().toString());
            backlog.refresh();
            HealthReport drained = health.report();
            assertEquals(HealthReport.Status.RUNNING, drained.status(), drained.toString());
            assertEquals(0L, drained.details().get("lag." + stream));
            assertEquals(0L, drained.details().get("pending." + stream));
        }
    }

    @Test
    void redisGoingAwayDegradesWithTheReasonAndComingBackRecovers() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.create().start()) {
            RedissonClient own = server.newClient();
            try (EventConsumer consumer = EventConsumer.builder(own)
                    .config(ConsumerConfig.builder().group("health").block(Duration.ofMillis(100))
                            .maxBackoff(Duration.ofMillis(300)).build())
                    .listener(Listeners.onMessage(Set.of("orders"), "Quiet", m -> { })).build();
                 StreamBacklog backlog = StreamBacklog.of(own, consumer, Duration.ofSeconds(60))) {
                ConsumerHealth health = new ConsumerHealth(consumer, backlog, Long.MAX_VALUE);
                consumer.start();
                Await.until(Duration.ofSeconds(30), () -> health.report().status() == HealthReport.Status.RUNNING,
                        () -> health.report().toString());
                backlog.refresh();
                assertEquals(HealthReport.Status.RUNNING, health.report().status());

                server.stop();
                Await.until(Duration.ofSeconds(30), () -> consumer.stats().redisErrors() > 0,
                        () -> consumer.stats().toString());
                try {
                    backlog.refresh();
                } catch (RuntimeException expected) {
                    // recorded in lastError
                }
                HealthReport down = health.report();
                assertEquals(HealthReport.Status.DEGRADED, down.status(), down.toString());
                assertEquals(HealthReport.Status.DEGRADED, health.report().status(),
                        "still degraded at the next check, without new errors in between");
                assertTrue(down.reasons().stream().allMatch(r -> r.kind() == HealthReport.Kind.REDIS_ERROR),
                        down.toString());
                assertTrue(down.reason().contains("failed Redis round trips"), down.reason());
                assertTrue(down.reason().contains("reading the backlog failed"), down.reason());

                server.start();
                Await.until(Duration.ofSeconds(30), () -> {
                    try {
                        backlog.refresh();
                        return true;
                    } catch (RuntimeException e) {
                        return false;
                    }
                }, () -> "Redis never came back");
                HealthReport stillDown = health.report(); // errors are recent: reported a while after the outage
                assertEquals(HealthReport.Status.DEGRADED, stillDown.status(), stillDown.toString());
                Await.until(Duration.ofSeconds(30), () -> health.report().status() == HealthReport.Status.RUNNING,
                        () -> health.report().toString());
            } finally {
                own.shutdown();
            }
        }
    }
}
