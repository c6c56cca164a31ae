package dev.streambus.consume;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.ConsumerTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerGroupTest extends ConsumerTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    ConsumerGroupTest(RedissonClient redisson) {
        super(redisson);
    }

    static ConsumerConfig.Builder fast(String group, String consumer) {
        return ConsumerConfig.builder().group(group).consumer(consumer).block(Duration.ofMillis(200))
                .shutdownTimeout(Duration.ofSeconds(5));
    }


    @Test
    void slowListenerLosesNothingWhileAProducerPublishesInATightLoop(TestKeys keys) throws Exception {
        String stream = keys.stream("orders");
        List<String> order = new ArrayList<>();
        Recorder slow = new Recorder("SlowListener", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) throws InterruptedException {
                Thread.sleep(20);
                synchronized (order) {
                    order.add(message.id());
                }
            }
        };
        List<String> published = new ArrayList<>();
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(fast(keys.name("g"), "c1").startFrom("$").build()).listener(slow).build()) {
            consumer.start();
            Await.until(WAIT, () -> streams.entries(stream).isEmpty() && groupExists(stream, keys.name("g")), () -> "group created");
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    published.add(streams.publish(stream, Map.of("n", i)));
                }
            });
            producer.start();
            producer.join();
            Await.until(WAIT, () -> slow.distinct() == 500, () -> slow.distinct() + " of 500 handled");
            Await.until(WAIT, () -> streams.pending(stream, keys.name("g")) == 0, () -> "pending not empty");
        }
        assertEquals(500, slow.total(), "each handled exactly once: duplicates " + slow.duplicates());
        assertEquals(published, order, "one worker handles a stream in order");
    }

    @Test
    void twoConsumersOfOneGroupSplitTheWorkWithoutDuplicates(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        Recorder a = new Recorder("A", stream);
        Recorder b = new Recorder("B", stream);
        try (EventConsumer first = EventConsumer.builder(redisson).config(fast(group, "a").batchSize(5).build())
                .listener(a).build();
             EventConsumer second = EventConsumer.builder(redisson).config(fast(group, "b").batchSize(5).build())
                     .listener(b).build()) {
            first.start();
            second.start();
            for (int i = 0; i < 300; i++) {
                streams.publish(stream, Map.of("n", i));
            }
            Await.until(WAIT, () -> a.distinct() + b.distinct() == 300, () -> a.distinct() + "+" + b.distinct());
        }
        Set<String> overlap = new HashSet<>(a.ids());
        overlap.retainAll(b.ids());
        assertTrue(overlap.isEmpty(), "no entry handled by both: " + overlap);
        assertTrue(a.distinct() > 0 && b.distinct() > 0, "both consumers got work: " + a.distinct() + "/" + b.distinct());
        assertEquals(300, a.total() + b.total());
    }

    @Test
    void twoGroupsEachGetEveryEntry(TestKeys keys) {
        String stream = keys.stream("orders");
        for (int i = 0; i < 100; i++) {
            streams.publish(stream, Map.of("n", i));
        }
        Recorder analytics = new Recorder("Analytics", stream);
        Recorder billing = new Recorder("Billing", stream);
        try (EventConsumer one = EventConsumer.builder(redisson).config(fast(keys.name("analytics"), "x").build())
                .listener(analytics).build();
             EventConsumer two = EventConsumer.builder(redisson).config(fast(keys.name("billing"), "x").build())
                     .listener(billing).build()) {
            one.start();
            two.start();
            Await.until(WAIT, () -> analytics.distinct() == 100 && billing.distinct() == 100,
                    () -> analytics.distinct() + "/" + billing.distinct());
        }
        assertEquals(analytics.ids(), billing.ids());
    }

    @Test
    void aRestartedConsumerRedoesItsPendingEntriesAndLosesNothing(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        AtomicBoolean failEven = new AtomicBoolean(true);
        Recorder flaky = new Recorder("Flaky", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                if (failEven.get() && message.data().get("n").asInt() % 2 == 0) {
                    throw new IllegalStateException("crash while handling " + message.data().get("n"));
                }
            }
        };
        for (int i = 0; i < 50; i++) {
            streams.publish(stream, Map.of("n", i));
        }
        ConsumerConfig config = fast(group, "c1").reclaimIdle(Duration.ofHours(1)).build();
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(config).listener(flaky).build()) {
            consumer.start();
            Await.until(WAIT, () -> flaky.distinct() == 25, () -> flaky.distinct() + " odd entries handled");
            Await.until(WAIT, () -> consumer.stats().retried() == 25, () -> consumer.stats().toString());
        }
        assertEquals(25, streams.pending(stream, group), "the failed half stays pending for c1");
        for (int i = 50; i < 60; i++) {
            streams.publish(stream, Map.of("n", i));
        }
        failEven.set(false);
        try (EventConsumer restarted = EventConsumer.builder(redisson).config(config).listener(flaky).build()) {
            restarted.start();
            Await.until(WAIT, () -> flaky.distinct() == 60, () -> flaky.distinct() + " of 60");
            Await.until(WAIT, () -> streams.pending(stream, group) == 0, () -> "pending left");
        }
        assertEquals(60, flaky.total(), "nothing handled twice successfully: " + flaky.duplicates());
    }

    @Test
    void aFailingListenerLeavesTheEntryPendingAndWritesAFailureRecordPhpReads(TestKeys keys) {
        String stream = keys.stream("payments");
        String group = keys.name("g");
        Recorder failing = Recorder.alwaysFailing("App\\Listeners\\ChargeCard", "card declined for order/7", stream);
        String id = streams.publish(stream, Map.of("order", 7));
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(fast(group, "c1").reclaimIdle(Duration.ofHours(1)).build()).listener(failing).build()) {
            consumer.start();
            Await.until(WAIT, () -> consumer.stats().retried() == 1, () -> consumer.stats().toString());
        }
        assertEquals(1, streams.pending(stream, group), "not acknowledged");
        List<String> members = failureMembers(stream);
        assertEquals(1, members.size(), members.toString());
        String member = members.get(0);
        String expectedStart = "{\"id\":\"" + id + "\",\"stream\":\"" + stream.replace("/", "\\/")
                + "\",\"receiver\":\"App\\\\Listeners\\\\ChargeCard\",\"error\":\"card declined for order\\/7\",\"date\":\"";
        assertTrue(member.startsWith(expectedStart), member);
        assertTrue(member.matches(".*\"date\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\"}$"), member);
        FailedMessage parsed = FailedMessage.fromJson(member);
        assertEquals(id, parsed.id());
        assertEquals("App\\Listeners\\ChargeCard", parsed.receiver());
    }

    @Test
    void phpAlwaysAcknowledgeModeAcksFailures(TestKeys keys) {
        String stream = keys.stream("payments");
        String group = keys.name("g");
        Recorder failing = Recorder.alwaysFailing("Failing", "boom", stream);
        streams.publish(stream, Map.of("order", 7));
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(fast(group, "c1").ackPolicy(ConsumerConfig.AckPolicy.ALWAYS).build())
                .listener(failing).build()) {
            consumer.start();
            Await.until(WAIT, () -> consumer.stats().acknowledged() == 1, () -> consumer.stats().toString());
        }
        assertEquals(0, streams.pending(stream, group));
        assertEquals(1, failureMembers(stream).size(), "the failure is still recorded");
    }

    @Test
    void aFailedEntryIsRetriedAfterTheReclaimIdleTimeAndThenSucceeds(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        AtomicBoolean failed = new AtomicBoolean();
        Recorder onceFailing = new Recorder("OnceFailing", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("first attempt fails");
                }
            }
        };
        streams.publish(stream, Map.of("n", 1));
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(fast(group, "c1")
                .reclaimIdle(Duration.ofMillis(300)).reclaimInterval(Duration.ofMillis(100)).build())
                .listener(onceFailing).build()) {
            consumer.start();
            Await.until(WAIT, () -> consumer.stats().acknowledged() == 1, () -> consumer.stats().toString());
            assertEquals(1, onceFailing.distinct());
            assertEquals(0, streams.pending(stream, group));
            assertEquals(1, consumer.stats().retried());
        }
    }

    /** False until the consumer created the stream (XGROUP CREATE MKSTREAM): XINFO GROUPS fails on a missing key. */
    private boolean groupExists(String stream, String group) {
        var groups = redisson.getStream(stream, StringCodec.INSTANCE);
        return groups.isExists() && groups.listGroups().stream()
                .anyMatch(g -> g.getName().equals(group));
    }

    private List<String> failureMembers(String stream) {
        String escaped = "\"stream\":\"" + stream.replace("/", "\\/") + "\"";
        return redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE).readAll().stream()
                .filter(m -> m.contains(escaped)).toList();
    }

}
