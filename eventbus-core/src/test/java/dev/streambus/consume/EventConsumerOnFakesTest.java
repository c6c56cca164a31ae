package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.deadletter.DeadLetter;
import dev.streambus.localredis.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@link EventConsumer} (read loops, handler chain, workers, settling, coalesced acknowledgements) end to end
 * on the in-memory fakes of its ports ({@link InMemoryStreams}: reader and acker, {@link InMemoryDeadLetters}), which
 * {@link InMemoryPipelineTest} holds to the same contract as Redis ({@link RedisPipelineTest}).
 */
class EventConsumerOnFakesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ConsumerConfig CONFIG = ConsumerConfig.builder().group("fakes").consumer("c1")
            .block(Duration.ofMillis(50)).workers(2).maxDeliveries(3).reclaimIdle(Duration.ofMillis(200))
            .reclaimInterval(Duration.ofMillis(100)).build();

    private final InMemoryStreams streams = new InMemoryStreams();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();

    private EventConsumer.Builder consumer() {
        return EventConsumer.Builder.onPorts(part -> streams.reader(part, 50, CONFIG.reclaimIdle().toMillis()),
                streams.acker(), deadLetters).config(CONFIG);
    }

    private String append(String stream, int n) {
        return streams.append(stream, Map.of("name", stream, "data", "{\"n\":" + n + "}"));
    }

    private static int n(ReceivedMessage m) {
        return m.data().get("n").asInt();
    }

    @Test
    void dispatchesEachEntryToItsListenersAndAcknowledgesItOnlyAfterTheyAllSucceeded() throws Exception {
        String held = append("orders", 1);
        String other = append("orders", 2);
        String payment = append("payments", 3);
        Queue<String> logged = new ConcurrentLinkedQueue<>();
        Queue<String> slow = new ConcurrentLinkedQueue<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EventConsumer consumer = consumer()
                .listener(Listeners.onMessage(Set.of("orders", "payments"), "Log", m -> logged.add(m.id())))
                .listener(Listeners.onMessage(Set.of("orders"), "Slow", m -> {
                    if (n(m) == 1) {
                        entered.countDown();
                        release.await();
                    }
                    slow.add(m.id());
                })).build()) {
            consumer.start();
            assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the slow listener never ran");
            Await.until(WAIT, () -> !streams.isPending("payments", payment),
                    () -> "payment not acknowledged (its lane runs beside the held order)");
            assertTrue(streams.isPending("orders", held), "not acknowledged while a listener still handles it");
            release.countDown();
            Await.until(WAIT, () -> streams.pending() == 0, () -> streams.pending() + " pending");
            assertEquals(Set.of(held, other, payment), Set.copyOf(logged));
            assertEquals(Set.of(held, other), Set.copyOf(slow), "only the listeners of the entry's event");
            ConsumerStats stats = consumer.stats();
            assertEquals(List.of(3L, 0L, 0L), List.of(stats.acknowledged(), stats.retried(), stats.deadLettered()),
                    stats.toString());
        }
        assertEquals(List.of(), deadLetters.parked());
    }

    @Test
    void aFailingEntryIsRetriedThenDeadLetteredAtMaxDeliveriesAndAcknowledged() {
        String poison = append("orders", 13);
        String good = append("orders", 14);
        Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
        Queue<String> settled = new ConcurrentLinkedQueue<>();
        try (EventConsumer consumer = consumer().events(e -> {
            if (e instanceof ConsumerEvent.EntrySettled s && s.delivery().entry().id().equals(poison)) {
                settled.add(s.delivery().deliveries() + ":" + s.outcome().getClass().getSimpleName());
            }
        }).listener(Listeners.onMessage(Set.of("orders"), "Picky", m -> {
            attempts.add(n(m));
            if (n(m) == 13) {
                throw new IllegalStateException("cannot handle 13");
            }
        })).build()) {
            consumer.start();
            Await.until(WAIT, () -> deadLetters.parked().size() == 1 && streams.pending() == 0,
                    () -> deadLetters.parked() + ", " + streams.pending() + " pending");
            DeadLetter letter = deadLetters.parked().get(0);
            assertEquals(poison, letter.entry().id());
            assertEquals(3, letter.deliveries(), "dead-lettered at maxDeliveries");
            assertTrue(letter.reason().contains("cannot handle 13"), letter.reason());
            assertEquals(List.of(13, 13, 13), attempts.stream().filter(n -> n == 13).toList());
            assertEquals(List.of(14), attempts.stream().filter(n -> n == 14).toList(), "the good one once: " + good);
            Await.until(WAIT, () -> consumer.stats().acknowledged() == 2, () -> consumer.stats().toString());
            assertEquals(2, consumer.stats().retried());
            assertEquals(1, consumer.stats().deadLettered());
            assertEquals(List.of("1:Retry", "2:Retry", "3:DeadLetter"), List.copyOf(settled),
                    "each settling told to the consumer's event listeners");
        }
    }

    @Test
    void aFailedEntryIsRedoneAndAcknowledgedOnceItsListenerSucceeds() {
        String id = append("orders", 1);
        Queue<Long> deliveries = new ConcurrentLinkedQueue<>();
        try (EventConsumer consumer = consumer().listener(Listeners.onMessage(Set.of("orders"), "Flaky", m -> {
            deliveries.add((long) deliveries.size() + 1);
            if (deliveries.size() == 1) {
                throw new IllegalStateException("flaky");
            }
        })).build()) {
            consumer.start();
            Await.until(WAIT, () -> consumer.stats().acknowledged() == 1 && streams.pending() == 0,
                    () -> consumer.stats() + ", " + streams.pending() + " pending");
            assertEquals(List.of(1L, 2L), List.copyOf(deliveries), "failed once, done at the retry: " + id);
            assertEquals(1, consumer.stats().retried());
        }
        assertEquals(List.of(), deadLetters.parked());
    }

    @Test
    void aMalformedEntryIsDeadLetteredAtItsFirstDeliveryBeforeAnyListenerRuns() {
        String bad = streams.append("orders", Map.of("name", "orders", "data", "{not json"));
        String good = append("orders", 2);
        Queue<String> handled = new ConcurrentLinkedQueue<>();
        try (EventConsumer consumer = consumer()
                .listener(Listeners.onMessage(Set.of("orders"), "Log", m -> handled.add(m.id()))).build()) {
            consumer.start();
            Await.until(WAIT, () -> consumer.stats().acknowledged() == 2 && streams.pending() == 0,
                    () -> consumer.stats() + ", " + streams.pending() + " pending");
        }
        assertEquals(List.of(good), List.copyOf(handled));
        DeadLetter letter = deadLetters.parked().get(0);
        assertEquals(bad, letter.entry().id());
        assertEquals(1, letter.deliveries(), "at delivery 1");
        assertTrue(letter.reason().contains("field 'data': not JSON"), letter.reason());
        assertEquals(1, deadLetters.parked().size());
    }
}
