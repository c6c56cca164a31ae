package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.ConsumerTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and poison pills are parked with their reason, never dropped, and never stop the consumer. */
class DeadLetterTest extends ConsumerTestBase {

    DeadLetterTest(RedissonClient redisson) {
        super(redisson);
    }


    @Test
    void malformedEntriesAreDeadLetteredWithAReasonNamingTheField(TestKeys keys) {
        String stream = keys.stream("orders");
        String dead = DeadLetterKeys.DEFAULT.of(stream);
        String notJson = streams.xadd(stream, "name", stream, "data", "{not json");
        String noData = streams.xadd(stream, "name", stream);
        String noName = streams.xadd(stream, "data", "{}");
        String scalar = streams.xadd(stream, "name", stream, "data", "42");
        String good = streams.xadd(stream, "name", stream, "data", "{\"ok\":true}");
        Recorder recorder = new Recorder("Recorder", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .group(keys.name("g")).block(Duration.ofMillis(200)).build()).listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 5,
                    () -> consumer.stats().toString());
        }
        assertEquals(List.of(good), List.copyOf(recorder.ids()));
        assertEquals(0, streams.pending(stream, keys.name("g")), "dead letters are acknowledged");
        List<Map<String, String>> letters = streams.entries(dead);
        assertEquals(4, letters.size());
        assertLetter(letters.get(0), notJson, "field 'data': not JSON");
        assertLetter(letters.get(1), noData, "field 'data': missing");
        assertLetter(letters.get(2), noName, "field 'name': missing");
        assertLetter(letters.get(3), scalar, "field 'data'");
        assertEquals("{not json", letters.get(0).get("data"), "original fields kept");
    }

    private static void assertLetter(Map<String, String> letter, String id, String reasonPart) {
        assertEquals(id, letter.get("dead_original_id"));
        String reason = letter.get("dead_reason");
        assertTrue(reason.contains(reasonPart) && reason.contains(id) && reason.contains(letter.get("dead_stream")),
                "reason names stream, entry id and field: " + reason);
    }

    @Test
    void aPoisonPillIsDeadLetteredAfterMaxDeliveriesWhileOthersFlow(TestKeys keys) {
        String stream = keys.stream("orders");
        Recorder recorder = new Recorder("PoisonSensitive", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                if (message.data().get("n").asInt() == 13) {
                    throw new IllegalArgumentException("cannot handle 13");
                }
            }
        };
        String poison;
        List<String> ids = streams.publishMany(stream, 1_001);
        poison = ids.get(13);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .group(keys.name("g")).block(Duration.ofMillis(200)).maxDeliveries(3)
                .reclaimIdle(Duration.ofMillis(200)).reclaimInterval(Duration.ofMillis(100)).build())
                .listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 1,
                    () -> consumer.stats().toString());
            Await.until(Duration.ofSeconds(30), () -> recorder.distinct() == 1_000, () -> recorder.distinct() + "");
            assertEquals(2, consumer.stats().retried(), "two retries before the third, last delivery");
        }
        List<Map<String, String>> letters = streams.entries(DeadLetterKeys.DEFAULT.of(stream));
        assertEquals(1, letters.size());
        Map<String, String> letter = letters.get(0);
        assertEquals(poison, letter.get("dead_original_id"));
        assertEquals("3", letter.get("dead_deliveries"));
        assertTrue(letter.get("dead_reason").contains("cannot handle 13"), letter.get("dead_reason"));
        assertEquals(keys.name("g"), letter.get("dead_group"));
        assertEquals(0, streams.pending(stream, keys.name("g")));
        String escaped = "\"id\":\"" + poison + "\"";
        var set = redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE);
        List<String> failures = set.readAll().stream().filter(m -> m.contains(escaped)).toList();
        assertTrue(!failures.isEmpty(), "failures recorded in failed_stream");
        failures.forEach(set::remove);
    }
}
