package dev.streambus.metrics;

import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisExtension;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.connect.RedisOperationException;
import dev.streambus.testing.Streams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backlog gauges read from real Redis in one script call; unknown lag is NaN, never 0. */
@RedisTest
class StreamBacklogTest {

    private final RedissonClient redisson;
    private final Streams streams;

    StreamBacklogTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @Test
    void gaugesShowLagPendingOldestAgeLengthAndDeadLettersPerStreamAndGroup(LocalRedis redis, TestKeys keys)
            throws InterruptedException {
        RedisExtension.assumeRedisAtLeast(redis, 7, 0, "XINFO GROUPS lag");
        String orders = keys.stream("orders");
        String refunds = keys.stream("refunds");
        keys.stream("orders:dead");
        String group = keys.name("g");
        streams.addNumbered(orders, 5);
        streams.addNumbered(refunds, 1);
        String dead = dev.streambus.deadletter.DeadLetterKeys.DEFAULT.of(orders);   // {orders}:dead
        streams.xadd(dead, "name", "x", "dead_reason", "test");
        streams.xadd(dead, "name", "y", "dead_reason", "test");
        streams.createGroupAtStart(orders, group);
        streams.createGroupAtStart(refunds, group);
        streams.readNew(orders, group, "c1", 2);
        Thread.sleep(30); // the oldest pending entry is now at least 30 ms old (by Redis's clock)

        MeterRegistry registry = new SimpleMeterRegistry();
        try (StreamBacklog backlog = StreamBacklog.builder(redisson).group(group).streams(List.of(orders, refunds))
                .build()) {
            backlog.bindTo(registry);
            assertTrue(Double.isNaN(gauge(registry, MeterNames.GROUP_LAG, orders, group)), "unknown before a read");
            Map<String, BacklogReading> read = backlog.refresh();

            BacklogReading o = read.get(orders);
            assertEquals(OptionalLong.of(3), o.lag());
            assertEquals(2, o.pending());
            assertEquals(5, o.length());
            assertEquals(2, o.deadLetters());
            assertTrue(o.oldestPendingAge().orElseThrow().toMillis() >= 30, o.toString());

            assertEquals(3.0, gauge(registry, MeterNames.GROUP_LAG, orders, group));
            assertEquals(2.0, gauge(registry, MeterNames.GROUP_PENDING, orders, group));
            assertEquals(5.0, registry.get(MeterNames.STREAM_LENGTH).tag("stream", orders).gauge().value());
            assertEquals(2.0, registry.get(MeterNames.STREAM_DEAD_LETTERS).tag("stream", orders).gauge().value());
            assertTrue(registry.get(MeterNames.GROUP_OLDEST_PENDING_AGE).tags(Tags.of("stream", orders, "group",
                    group)).timeGauge().value(TimeUnit.MILLISECONDS) >= 30);

            assertEquals(1.0, gauge(registry, MeterNames.GROUP_LAG, refunds, group));
            assertEquals(0.0, gauge(registry, MeterNames.GROUP_PENDING, refunds, group));
            assertEquals(0.0, registry.get(MeterNames.GROUP_OLDEST_PENDING_AGE).tags(Tags.of("stream", refunds,
                    "group", group)).timeGauge().value(TimeUnit.MILLISECONDS), "nothing pending");
            assertEquals(0.0, registry.get(MeterNames.STREAM_DEAD_LETTERS).tag("stream", refunds).gauge().value(),
                    "no dead-letter stream: 0");
        }
    }

    @Test
    void anUnknownLagIsNaNNotZero(LocalRedis redis, TestKeys keys) {
        RedisExtension.assumeRedisAtLeast(redis, 7, 0, "XINFO GROUPS lag");
        String orders = keys.stream("orders");
        String group = keys.name("g");
        List<String> ids = streams.addNumbered(orders, 5);
        streams.createGroupAtStart(orders, group);
        streams.readNew(orders, group, "c1", 1);
        stream(orders).remove(EntryId.parse(ids.get(3))); // Redis's lag is nil now

        MeterRegistry registry = new SimpleMeterRegistry();
        try (StreamBacklog backlog = StreamBacklog.builder(redisson).group(group).streams(List.of(orders)).build()) {
            backlog.bindTo(registry);
            BacklogReading o = backlog.refresh().get(orders);
            assertEquals(OptionalLong.empty(), o.lag());
            assertTrue(Double.isNaN(gauge(registry, MeterNames.GROUP_LAG, orders, group)));
            assertEquals(1.0, gauge(registry, MeterNames.GROUP_PENDING, orders, group), "the rest is known");
        }
    }

    @Test
    void aMissingStreamOrGroupIsAbsentAndAWrongTypeIsAnErrorThatMakesEverythingUnknown(TestKeys keys) {
        String missing = keys.stream("never");
        String noGroup = keys.stream("nogroup");
        streams.addNumbered(noGroup, 2);
        String group = keys.name("g");
        MeterRegistry registry = new SimpleMeterRegistry();
        try (StreamBacklog backlog = StreamBacklog.builder(redisson).group(group).streams(List.of(missing, noGroup))
                .build()) {
            backlog.bindTo(registry);
            Map<String, BacklogReading> read = backlog.refresh();
            assertFalse(read.get(missing).exists());
            assertEquals(0.0, registry.get(MeterNames.STREAM_LENGTH).tag("stream", missing).gauge().value());
            assertFalse(read.get(noGroup).groupExists());
            assertEquals(2, read.get(noGroup).length());
            assertTrue(Double.isNaN(gauge(registry, MeterNames.GROUP_PENDING, noGroup, group)), "no group: unknown");
            assertTrue(Double.isNaN(gauge(registry, MeterNames.GROUP_LAG, noGroup, group)));
        }

        String wrong = keys.key("wrong");
        redisson.getBucket(wrong, StringCodec.INSTANCE).set("not a stream");
        try (StreamBacklog backlog = StreamBacklog.builder(redisson).group(group).streams(List.of(noGroup, wrong))
                .build()) {
            backlog.bindTo(registry = new SimpleMeterRegistry());
            RedisOperationException e = assertThrows(RedisOperationException.class, backlog::refresh);
            assertTrue(e.getMessage().contains(wrong), e.getMessage());
            assertNotNull(backlog.lastError());
            assertTrue(backlog.latest().isEmpty());
            assertTrue(Double.isNaN(registry.get(MeterNames.STREAM_LENGTH).tag("stream", noGroup).gauge().value()),
                    "while the backlog cannot be read, nothing is reported as 0");
        }
    }

    @Test
    void startedItRefreshesAtTheInterval(TestKeys keys) {
        String orders = keys.stream("orders");
        streams.addNumbered(orders, 1);
        try (StreamBacklog backlog = StreamBacklog.builder(redisson).streams(List.of(orders))
                .interval(Duration.ofMillis(50)).build().start()) {
            dev.streambus.localredis.Await.until(Duration.ofSeconds(10),
                    () -> backlog.latest().containsKey(orders) && backlog.latest().get(orders).length() == 1,
                    () -> "not read: " + backlog.latest());
            streams.addNumbered(orders, 2);
            dev.streambus.localredis.Await.until(Duration.ofSeconds(10),
                    () -> backlog.latest().get(orders).length() == 3, () -> "not refreshed: " + backlog.latest());
        }
    }

    private double gauge(MeterRegistry registry, String name, String stream, String group) {
        return registry.get(name).tags(Tags.of("stream", stream, "group", group)).gauge().value();
    }

    private RStream<String, String> stream(String name) {
        return redisson.getStream(name, StringCodec.INSTANCE);
    }
}
