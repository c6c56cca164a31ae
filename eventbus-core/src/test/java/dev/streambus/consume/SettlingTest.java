package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading while handling and settling entry by entry keep the guarantees: read order, ack what finished, no loss. */
@RedisTest
class SettlingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final RedissonClient redisson;
    private final Streams streams;

    SettlingTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @Test
    void oneWorkerHandlesInReadOrderAcrossReads(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        List<String> published = streams.publishMany(stream, 1_000);
        Recorder recorder = new Recorder("R", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerGroupTest.fast(group, "c").batchSize(7).build()).listener(recorder).build()) {
            consumer.start();
            Await.until(WAIT, () -> recorder.distinct() == 1_000, () -> recorder.distinct() + " of 1000");
            Await.until(WAIT, () -> streams.pending(stream, group) == 0, () -> "pending not empty");
            // the counter moves when the XACK reply arrives, a moment after Redis's pending list is empty
            Await.until(WAIT, () -> consumer.stats().acknowledged() == 1_000, () -> consumer.stats().toString());
            assertEquals(1_000, consumer.stats().acknowledged());
        }
        assertEquals(published, recorder.handled().stream().map(ReceivedMessage::id).toList());
    }

    @Test
    void closeAcknowledgesWhatFinishedAndLeavesTheRestPending(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        List<String> published = streams.publishMany(stream, 400);
        Recorder first = new Recorder("First", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) throws InterruptedException {
                Thread.sleep(2);
            }
        };
        EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerGroupTest.fast(group, "c").batchSize(10).build()).listener(first).build();
        consumer.start();
        Await.until(WAIT, () -> first.distinct() >= 55, () -> first.distinct() + " handled");
        consumer.close();

        Set<String> pending = pendingIds(stream, group);
        Set<String> handledAndPending = new HashSet<>(first.ids());
        handledAndPending.retainAll(pending);
        assertTrue(handledAndPending.isEmpty(), "what finished was acknowledged on close: " + handledAndPending);
        assertTrue(first.distinct() < 400, "stopped before the end: " + first.distinct());

        Recorder second = new Recorder("Second", stream);
        try (EventConsumer again = EventConsumer.builder(redisson)
                .config(ConsumerGroupTest.fast(group, "c").batchSize(10).build()).listener(second).build()) {
            again.start();
            Await.until(WAIT, () -> first.distinct() + second.distinct() == 400,
                    () -> first.distinct() + "+" + second.distinct() + " of 400");
            Await.until(WAIT, () -> streams.pending(stream, group) == 0, () -> "pending not empty");
        }
        Set<String> all = new HashSet<>(first.ids());
        all.addAll(second.ids());
        assertEquals(new HashSet<>(published), all, "nothing lost");
        assertTrue(second.ids().containsAll(pending), "entries left pending were redone on restart");
    }

    private Set<String> pendingIds(String stream, String group) {
        Set<String> ids = new HashSet<>();
        redisson.getStream(stream, StringCodec.INSTANCE).listPending(StreamPendingRangeArgs.groupName(group)
                        .startId(StreamMessageId.MIN).endId(StreamMessageId.MAX).count(10_000))
                .forEach(p -> ids.add(EntryId.format(p.getId())));
        return ids;
    }
}
