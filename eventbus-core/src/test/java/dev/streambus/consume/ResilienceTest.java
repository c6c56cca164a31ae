package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.ConsumerTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResilienceTest extends ConsumerTestBase {

    ResilienceTest(RedissonClient redisson) {
        super(redisson);
    }


    @Test
    void listenersThrowingErrorsDoNotStopTheConsumer(TestKeys keys) {
        String stream = keys.stream("orders");
        Recorder recorder = new Recorder("ErrorThrower", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                switch (message.data().get("n").asInt()) {
                    case 0 -> throw new StackOverflowError("deep");
                    case 1 -> throw new NoClassDefFoundError("com/example/Missing");
                    case 2 -> throw new AssertionError("invariant");
                    default -> { }
                }
            }
        };
        for (int i = 0; i < 10; i++) {
            streams.publish(stream, Map.of("n", i));
        }
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .group(keys.name("g")).block(Duration.ofMillis(200)).reclaimIdle(Duration.ofHours(1)).build())
                .listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> recorder.distinct() == 7 && consumer.stats().retried() == 3,
                    () -> consumer.stats().toString());
        }
        assertEquals(3, streams.pending(stream, keys.name("g")), "the three failures wait for a retry");
    }

    @Test
    void pendingEntriesTrimmedAwayAreRecordedAsDeadLetterAudits(TestKeys keys) {
        // Redis 7 reports them as XAUTOCLAIM's deleted ids; 6.2 returns them with no fields: both become audits
        String stream = keys.stream("orders");
        Recorder failing = Recorder.alwaysFailing("AlwaysFailing", "not yet", stream);
        String doomed = streams.publish(stream, Map.of("n", 1));
        ConsumerConfig config = ConsumerConfig.builder().group(keys.name("g")).consumer("c1")
                .block(Duration.ofMillis(200)).reclaimIdle(Duration.ofMillis(300))
                .reclaimInterval(Duration.ofMillis(100)).maxDeliveries(100).build();
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(config).listener(failing).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().retried() >= 1, () -> consumer.stats().toString());
            redisson.getStream(stream, StringCodec.INSTANCE).remove(parse(doomed)); // trimmed while pending
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 1,
                    () -> consumer.stats().toString());
        }
        List<Map<String, String>> letters = streams.entries(DeadLetterKeys.DEFAULT.of(stream));
        assertEquals(1, letters.size());
        assertEquals(doomed, letters.get(0).get("dead_original_id"));
        assertTrue(letters.get(0).get("dead_reason").contains("deleted or trimmed"), letters.get(0).toString());
        assertEquals(0, streams.pending(stream, keys.name("g")));
    }

    @Test
    void aConsumerLeavingTheGroupHandsItsPendingEntriesToAPeer(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        Recorder failing = Recorder.alwaysFailing("Failing", "leaving soon", stream);
        for (int i = 0; i < 5; i++) {
            streams.publish(stream, Map.of("n", i));
        }
        ConsumerConfig base = ConsumerConfig.builder().group(group).block(Duration.ofMillis(200))
                .reclaimIdle(Duration.ofHours(1)).build();
        Recorder peerRecorder = new Recorder("Peer", stream);
        EventConsumer leaving = EventConsumer.builder(redisson).config(base.toBuilder().consumer("leaving").build())
                .listener(failing).build();
        leaving.start();
        Await.until(Duration.ofSeconds(30), () -> leaving.stats().retried() == 5, () -> leaving.stats().toString());
        redisson.getStream(stream, StringCodec.INSTANCE).createConsumer(group, "peer");

        assertTrue(leaving.closeAndLeaveGroup("peer"));
        var consumers = redisson.getStream(stream, StringCodec.INSTANCE).listConsumers(group);
        assertFalse(consumers.stream().anyMatch(c -> c.getName().equals("leaving")), "deleted only when empty");
        assertEquals(5, consumers.stream().filter(c -> c.getName().equals("peer")).findFirst().orElseThrow()
                .getPending(), "the peer holds the handed-over entries");

        try (EventConsumer peer = EventConsumer.builder(redisson).config(base.toBuilder().consumer("peer").build())
                .listener(peerRecorder).build()) {
            peer.start();
            Await.until(Duration.ofSeconds(30), () -> peerRecorder.distinct() == 5, () -> peer.stats().toString());
        }
        assertEquals(0, streams.pending(stream, group));
    }

    @Test
    void aConsumerWithoutPeerKeepsItsEntriesRatherThanLosingThem(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        Recorder failing = Recorder.alwaysFailing("Failing", "no peer", stream);
        streams.publish(stream, Map.of("n", 1));
        EventConsumer alone = EventConsumer.builder(redisson).config(ConsumerConfig.builder().group(group)
                .consumer("alone").block(Duration.ofMillis(200)).reclaimIdle(Duration.ofHours(1)).build())
                .listener(failing).build();
        alone.start();
        Await.until(Duration.ofSeconds(30), () -> alone.stats().retried() == 1, () -> alone.stats().toString());
        assertFalse(alone.closeAndLeaveGroup(null));
        assertEquals(1, streams.pending(stream, group));
    }

    private static StreamMessageId parse(String id) {
        return dev.streambus.redis.EntryId.parse(id);
    }
}
