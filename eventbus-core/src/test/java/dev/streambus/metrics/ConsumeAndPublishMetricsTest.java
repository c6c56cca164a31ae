package dev.streambus.metrics;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.publish.ObservedPublisher;
import dev.streambus.publish.PublishException;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.testing.Streams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.streambus.metrics.MeterNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented consume and publish meters, their tags and values, against real Redis. */
@RedisTest
class ConsumeAndPublishMetricsTest {

    static final String PAID = "streambus.test.metrics.order-paid";
    static final String SHIPPED = "streambus.test.metrics.order-shipped";

    @StreamerEvent(name = PAID)
    record OrderPaid(long orderId) {
    }

    @StreamerEvent(name = SHIPPED)
    record OrderShipped(long orderId) {
    }

    private final RedissonClient redisson;
    private final Streams streams;

    ConsumeAndPublishMetricsTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @BeforeEach
    @AfterEach
    void clean() {
        redisson.getKeys().delete(PAID, SHIPPED, dev.streambus.deadletter.DeadLetterKeys.DEFAULT.of(PAID));
    }

    @AfterEach
    void removeFailureRecords() {
        streams.removeFailureRecordsOf(getClass());
    }

    @Test
    void consumeMetersCountHandledFailedRetriedDeadLetteredAndTimeEachListener(TestKeys keys) {
        String stream = keys.stream("orders");
        keys.stream("orders:dead");
        for (int n = 1; n <= 4; n++) {
            streams.xadd(stream, streams.fields(stream, n));
        }
        String group = keys.name("g");
        MeterRegistry registry = new SimpleMeterRegistry();
        try (EventConsumer consumer = EventConsumer.builder(redisson).meterRegistry(registry)
                .config(ConsumerConfig.builder().group(group).block(Duration.ofMillis(100)).maxDeliveries(2)
                        .reclaimIdle(Duration.ofMillis(100)).reclaimInterval(Duration.ofMillis(50)).build())
                .listener(Listeners.onMessage(Set.of(stream), "Counter", message -> { }))
                .listener(Listeners.onMessage(Set.of(stream), "HatesThree", (ReceivedMessage message) -> {
                    if (message.data().get("n").asInt() == 3) {
                        throw new IllegalStateException("no 3");
                    }
                })).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 1
                    && consumer.stats().acknowledged() == 4, () -> consumer.stats().toString());
        }
        Tags counter = Tags.of(TAG_STREAM, stream, TAG_GROUP, group, TAG_LISTENER, "Counter");
        Tags hater = Tags.of(TAG_STREAM, stream, TAG_GROUP, group, TAG_LISTENER, "HatesThree");
        assertEquals(5.0, registry.get(CONSUME_HANDLED).tags(counter).counter().count(), "4 + entry 3 redone once");
        assertEquals(0.0, registry.get(CONSUME_FAILED).tags(counter).counter().count());
        assertEquals(3.0, registry.get(CONSUME_HANDLED).tags(hater).counter().count());
        assertEquals(2.0, registry.get(CONSUME_FAILED).tags(hater).counter().count(), "two deliveries of entry 3");

        Timer ok = registry.get(CONSUME_HANDLER).tags(hater).tag(TAG_OUTCOME, SUCCESS).timer();
        Timer failed = registry.get(CONSUME_HANDLER).tags(hater).tag(TAG_OUTCOME, FAILURE).timer();
        assertEquals(3, ok.count());
        assertEquals(2, failed.count());
        assertTrue(ok.totalTime(TimeUnit.NANOSECONDS) > 0);

        Tags perStream = Tags.of(TAG_STREAM, stream, TAG_GROUP, group);
        assertEquals(3.0, registry.get(CONSUME_COMPLETED).tags(perStream).counter().count());
        assertEquals(1.0, registry.get(CONSUME_RETRIED).tags(perStream).counter().count());
        assertEquals(1.0, registry.get(CONSUME_DEAD_LETTERED).tags(perStream).counter().count());
        var reads = registry.get(CONSUME_READ_SIZE).tag(TAG_GROUP, group).summary();
        assertTrue(reads.count() >= 2, "the first read and the reclaimed entry: " + reads.count());
        assertEquals(5.0, reads.totalAmount(), "4 entries read, entry 3 handed out once more");
    }

    @Test
    void aConsumerWithoutAGroupIsTaggedNone(TestKeys keys) {
        String stream = keys.stream("tail");
        streams.xadd(stream, streams.fields(stream, 1));
        MeterRegistry registry = new SimpleMeterRegistry();
        List<ReceivedMessage> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (EventConsumer consumer = EventConsumer.builder(redisson).meterRegistry(registry)
                .config(ConsumerConfig.builder().startFrom("0").block(Duration.ofMillis(100)).build())
                .listener(Listeners.onMessage(Set.of(stream), "Tail", got::add)).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> !got.isEmpty(), () -> "nothing received");
        }
        assertTrue(registry.get(CONSUME_HANDLED).tags(TAG_STREAM, stream, TAG_GROUP, NO_GROUP, TAG_LISTENER, "Tail")
                .counter().count() == 1);
    }

    @Test
    void publishMetersTimeAndCountPerStreamIncludingFailures() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Publisher publisher = ObservedPublisher.builder(new RedisPublisher(redisson, PublisherConfig.defaults()))
                .meterRegistry(registry).build();
        publisher.publish(new OrderPaid(1));
        publisher.publishAsync(new OrderPaid(2)).join();
        publisher.publishAll(List.of(new OrderPaid(3), new OrderShipped(3), new OrderPaid(4)));

        Timer paid = registry.get(PUBLISH).tags(TAG_STREAM, PAID, TAG_OUTCOME, SUCCESS).timer();
        assertEquals(3, paid.count(), "publish, publishAsync, publishAll");
        assertEquals(1, registry.get(PUBLISH).tags(TAG_STREAM, SHIPPED, TAG_OUTCOME, SUCCESS).timer().count());
        assertEquals(4.0, registry.get(PUBLISH_ENTRIES).tag(TAG_STREAM, PAID).counter().count());
        assertEquals(1.0, registry.get(PUBLISH_ENTRIES).tag(TAG_STREAM, SHIPPED).counter().count());
        assertEquals(4, streams.entries(PAID).size());

        redisson.getKeys().delete(PAID);
        redisson.getBucket(PAID, StringCodec.INSTANCE).set("not a stream"); // Redis refuses XADD: WRONGTYPE
        assertThrows(PublishException.class, () -> publisher.publish(new OrderPaid(5)));
        assertEquals(1, registry.get(PUBLISH).tags(TAG_STREAM, PAID, TAG_OUTCOME, FAILURE).timer().count());
        assertEquals(4.0, registry.get(PUBLISH_ENTRIES).tag(TAG_STREAM, PAID).counter().count(), "nothing stored");
    }
}
