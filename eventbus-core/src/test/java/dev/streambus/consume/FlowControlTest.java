package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.deadletter.DeadLetterFields;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Entries are settled one by one and a consumer holds no more than it can handle well within {@code reclaimIdle}:
 * slow listeners no longer make entries idle into a reclaim (by a peer or by the consumer itself).
 */
class FlowControlTest extends ConsumerTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration RECLAIM_IDLE = Duration.ofSeconds(1);

    FlowControlTest(RedissonClient redisson) {
        super(redisson);
    }

    /** Default settings but a short reclaimIdle (and a reaper that looks often). */
    private static ConsumerConfig.Builder defaults(String group, String consumer) {
        return ConsumerConfig.builder().group(group).consumer(consumer).reclaimIdle(RECLAIM_IDLE)
                .reclaimInterval(Duration.ofMillis(200)).block(Duration.ofMillis(200));
    }

    private static Recorder sleeping(long millis, String... streams) {
        return new Recorder("Slow", streams) {
            @Override
            protected void beforeRecording(ReceivedMessage message) throws InterruptedException {
                Thread.sleep(millis);
            }
        };
    }

    @Test
    void twoConsumersOverThreeStreamsWithASlowListenerHandleEachEntryOnce(TestKeys keys) {
        String group = keys.name("g");
        List<String> names = List.of(keys.stream("a"), keys.stream("b"), keys.stream("c"));
        List<String> dead = List.of(DeadLetterKeys.DEFAULT.of(keys.stream("a")), DeadLetterKeys.DEFAULT.of(keys.stream("b")), DeadLetterKeys.DEFAULT.of(keys.stream("c")));
        Map<String, Set<String>> published = new HashMap<>();
        for (int i = 0; i < 210; i++) {
            String stream = names.get(i % 3);
            published.computeIfAbsent(stream, s -> new HashSet<>()).add(streams.publish(stream, Map.of("n", i)));
        }
        List<Recorder> byStream = names.stream().map(s -> sleeping(50, s)).toList(); // ids repeat across streams
        runTwoConsumers(group, byStream,
                () -> distinct(byStream) + deadLetters(dead) == 210 && pending(names, group) == 0,
                () -> distinct(byStream) + " of 210 handled, " + pending(names, group) + " pending");
        long extra = byStream.stream().mapToLong(r -> r.total() - r.distinct()).sum();
        long twice = byStream.stream().mapToLong(r -> r.duplicates().size()).sum();
        assertEquals(0, deadLetters(dead), "dead-lettered after too many deliveries");
        for (int i = 0; i < 3; i++) {
            assertEquals(published.get(names.get(i)), byStream.get(i).ids(), "nothing lost");
        }
        assertEquals(0, twice, "entries handled twice: " + twice + ", extra handlings: " + extra);
    }

    @Test
    void aSlowEntryDoesNotMakeTheConsumerReclaimWhatItHolds(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        List<String> published = streams.publishMany(stream, 300);
        String slowId = published.get(10);
        Recorder recorder = new Recorder("R", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) throws InterruptedException {
                if (message.id().equals(slowId)) {
                    Thread.sleep(1_500);
                }
            }
        };
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(defaults(group, "c").batchSize(100).build()).listener(recorder).build()) {
            consumer.start();
            Await.until(WAIT, () -> recorder.distinct() == 300 && streams.pending(stream, group) == 0,
                    () -> recorder.distinct() + " of 300 handled");
        }
        assertEquals(List.of(), recorder.duplicates(), "handled twice");
        assertEquals(published, recorder.handled().stream().map(ReceivedMessage::id).toList(), "in order, once");
    }

    @Test
    void bigMalformedEntriesAreDeadLetteredAtTheFirstDeliveryAndGoodOnesHandledOnce(TestKeys keys) {
        String stream = keys.stream("orders");
        String dead = DeadLetterKeys.DEFAULT.of(keys.stream("orders"));
        String group = keys.name("g");
        Set<String> good = new HashSet<>();
        List<String> malformed = new ArrayList<>();
        String bigText = "x".repeat(4 * 1024 * 1024);
        for (int i = 0; i < 60; i++) {
            good.add(streams.publish(stream, Map.of("n", i)));
            if (i == 5 || i == 6) {
                malformed.add(streams.xadd(stream, "name", stream, "data", bigText + i));
            }
        }
        Recorder shared = sleeping(40, stream);
        runTwoConsumers(group, List.of(shared), () -> shared.distinct() == 60 && streams.pending(stream, group) == 0,
                () -> shared.distinct() + " of 60 handled");
        assertEquals(good, shared.ids());
        assertEquals(List.of(), shared.duplicates(), "good entries handled twice");
        List<Map<String, String>> letters = streams.entries(dead);
        assertEquals(malformed, letters.stream().map(l -> l.get(DeadLetterFields.ORIGINAL_ID)).toList(),
                "each malformed entry dead-lettered once");
        letters.forEach(l -> assertEquals("1", l.get(DeadLetterFields.DELIVERIES), "at the first delivery"));
    }

    /** Runs consumers "a" and "b" of {@code group} with the same listeners until {@code done}. */
    private void runTwoConsumers(String group, List<? extends MessageListener> listeners, BooleanSupplier done,
                                 Supplier<String> progress) {
        try (EventConsumer first = EventConsumer.builder(redisson).config(defaults(group, "a").build())
                .listeners(listeners).build();
             EventConsumer second = EventConsumer.builder(redisson).config(defaults(group, "b").build())
                     .listeners(listeners).build()) {
            first.start();
            second.start();
            Await.until(WAIT, done, progress);
        }
    }

    private static long distinct(List<Recorder> recorders) {
        return recorders.stream().mapToLong(Recorder::distinct).sum();
    }

    private long deadLetters(List<String> deadStreams) {
        return deadStreams.stream().mapToLong(s -> streams.entries(s).size()).sum();
    }

    private long pending(List<String> names, String group) {
        return names.stream().mapToLong(s -> streams.pending(s, group)).sum();
    }
}
