package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.Mapping;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding never loses data silently, and a decoding failure is settled before any listener runs: dead-lettered
 * once with the reason, acknowledged, never recorded in {@code failed_stream}.
 */
class DecodingTest extends ConsumerTestBase {

    DecodingTest(RedissonClient redisson) {
        super(redisson);
    }

    /** A typed event's stream is its fixed name: deleted before and after each test, with its dead letters. */
    static final String STREAM = "decoding.seq";

    @StreamerEvent(name = STREAM)
    record Seq(int seq) {
    }

    /** A typed listener on {@code stream}, recording the events it was handed. */
    private static final class SeqListener extends TypedListener<Seq> {
        final List<Integer> seen = new CopyOnWriteArrayList<>();
        private final String receiver;

        SeqListener(String receiver) {
            super(Seq.class);
            this.receiver = receiver;
        }

        @Override
        protected void handle(Seq event, ReceivedMessage message) {
            seen.add(event.seq());
        }

        @Override
        public String receiver() {
            return receiver;
        }
    }

    @BeforeEach
    @AfterEach
    void deleteFixedStreams() {
        redisson.getKeys().delete(STREAM, DeadLetterKeys.DEFAULT.of(STREAM));
        var set = redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE);
        set.readAll().stream().filter(m -> m.contains("\"stream\":\"" + STREAM + "\"")).forEach(set::remove);
    }

    private EventConsumer consumer(TestKeys keys, Mapping mapping, List<MessageListener> listeners) {
        return EventConsumer.builder(redisson).config(ConsumerConfig.builder().group(keys.name("g"))
                        .block(Duration.ofMillis(200)).mapping(mapping).maxDeliveries(3)
                        .reclaimIdle(Duration.ofMillis(200)).reclaimInterval(Duration.ofMillis(100)).build())
                .listeners(listeners).build();
    }

    private List<String> failureRecords(String id) {
        return redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE).readAll().stream()
                .filter(m -> m.contains("\"id\":\"" + id + "\"")).toList();
    }

    @Test
    void aLossyEntryIsDeadLetteredOnceBeforeAnyListenerRuns(TestKeys keys) {
        String stream = STREAM;
        String fraction = streams.xadd(stream, "name", stream, "data", "{\"seq\":30.9}");
        String missing = streams.xadd(stream, "name", stream, "data", "{\"other\":1}");
        String phpString = streams.xadd(stream, "name", stream, "data", "{\"seq\":\"29\",\"php_only\":true}");
        SeqListener first = new SeqListener("First");
        SeqListener second = new SeqListener("Second");
        Recorder raw = new Recorder("Raw", stream);
        try (EventConsumer consumer = consumer(keys, Mapping.STRICT, List.of(raw, first, second))) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 3,
                    () -> consumer.stats().toString());
            assertEquals(2, consumer.stats().deadLettered());
        }
        assertEquals(List.of(29), first.seen, "only the exact entry reaches a typed listener");
        assertEquals(List.of(29), second.seen);
        assertEquals(Set.of(phpString), raw.ids(), "no listener at all runs for an entry that does not map");
        assertEquals(0, streams.pending(stream, keys.name("g")));

        List<Map<String, String>> letters = streams.entries(DeadLetterKeys.DEFAULT.of(stream));
        assertEquals(2, letters.size(), "each dead-lettered once");
        assertEquals(fraction, letters.get(0).get("dead_original_id"));
        assertEquals("stream '" + stream + "' entry " + fraction + " field 'data.seq': does not map to Seq: 30.9 has "
                + "a fraction: not int without loss", letters.get(0).get("dead_reason"));
        assertEquals("{\"seq\":30.9}", letters.get(0).get("data"));
        assertEquals(missing, letters.get(1).get("dead_original_id"));
        assertTrue(letters.get(1).get("dead_reason").contains("field 'data.seq': does not map to Seq: missing"),
                letters.get(1).get("dead_reason"));
        assertEquals(List.of(), failureRecords(fraction), "a decoding failure is not a listener failure");
        assertEquals(List.of(), failureRecords(missing));
    }

    @Test
    void theLenientSwitchRestoresJacksonsCoercions(TestKeys keys) {
        String stream = STREAM;
        streams.xadd(stream, "name", stream, "data", "{\"seq\":30.9}");
        streams.xadd(stream, "name", stream, "data", "{}");
        SeqListener listener = new SeqListener("Lenient");
        try (EventConsumer consumer = consumer(keys, Mapping.LENIENT, List.of(listener))) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 2,
                    () -> consumer.stats().toString());
            assertEquals(0, consumer.stats().deadLettered());
        }
        assertEquals(List.of(30, 0), listener.seen);
    }

    @Test
    void failedStreamHoldsOneRecordPerEntryAndReceiverNotOnePerDelivery(TestKeys keys) {
        String stream = STREAM;
        String id = streams.xadd(stream, "name", stream, "data", "{\"seq\":1}");
        Recorder a = failingWithAttempt("FailingA", stream);
        Recorder b = failingWithAttempt("FailingB", stream);
        try (EventConsumer consumer = consumer(keys, Mapping.STRICT, List.of(a, b))) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 1,
                    () -> consumer.stats().toString());
            assertEquals(2, consumer.stats().retried(), "3 deliveries: 2 retries, then the dead letter");
        }
        List<FailedMessage> records = failureRecords(id).stream().map(FailedMessage::fromJson).toList();
        assertEquals(2, records.size(), "one per receiver: " + records);
        assertEquals(Set.of("FailingA", "FailingB"),
                Set.copyOf(records.stream().map(FailedMessage::receiver).toList()));
        records.forEach(r -> assertEquals(stream, r.stream()));
        records.forEach(r -> assertTrue(r.error().endsWith("attempt 3"), "the latest failure: " + r.error()));
    }

    /** Fails every delivery with an error that differs per attempt, as real errors often do. */
    private static Recorder failingWithAttempt(String receiver, String stream) {
        AtomicInteger attempts = new AtomicInteger();
        return new Recorder(receiver, stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                throw new IllegalStateException(receiver + " failed, attempt " + attempts.incrementAndGet());
            }
        };
    }

}
