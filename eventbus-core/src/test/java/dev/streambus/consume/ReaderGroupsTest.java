package dev.streambus.consume;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several reader groups (each its own XREADGROUP, cursor and read-ahead) feed the same workers and acks; the threads
 * come from the configured factory; lifecycle events tell what happened.
 */
class ReaderGroupsTest extends ConsumerTestBase {

    ReaderGroupsTest(RedissonClient redisson) {
        super(redisson);
    }

    /** One reader group per stream: what BY_SLOT gives on a cluster, here on one server. */
    private static final StreamGrouping EACH_ALONE = streams -> streams.stream().map(List::of).toList();

    @Test
    void threeReaderGroupsHandleEveryEntryOnceInStreamOrder(TestKeys keys) {
        List<String> names = List.of(keys.stream("a"), keys.stream("b"), keys.stream("c"));
        names.forEach(s -> streams.publishMany(s, 400));
        Recorder recorder = new Recorder("R", names.toArray(String[]::new));
        AtomicInteger threads = new AtomicInteger();
        List<ConsumerEvent> events = new CopyOnWriteArrayList<>();
        ConsumerConfig config = ConsumerConfig.builder().group(keys.name("g")).block(Duration.ofMillis(100))
                .workers(2).threadFactory(task -> {
                    Thread t = new Thread(task, "test-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }).build();
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(config).listener(recorder)
                .grouping(EACH_ALONE).events(events::add).build()) {
            assertEquals(EACH_ALONE.split(consumer.streams()), consumer.readerGroups());
            consumer.start();
            Await.until(Duration.ofSeconds(60), () -> recorder.distinct() == 1_200
                            && names.stream().mapToLong(s -> streams.pending(s, config.group())).sum() == 0,
                    () -> recorder.distinct() + " of 1200; " + consumer.stats());
        }
        assertEquals(List.of(), recorder.duplicates());
        for (String stream : names) {
            assertEquals(IntStream.range(0, 400).boxed().toList(), recorder.handled().stream()
                    .filter(m -> m.stream().equals(stream)).map(m -> m.data().get("n").asInt()).toList(), stream);
        }
        assertEquals(3 + 2 + 1, threads.get(), "3 read loops, 2 workers and the lease timer from the factory");
        ConsumerEvent.Started started = assertInstanceOf(ConsumerEvent.Started.class, events.get(0));
        assertEquals(3, started.readers().size());
        assertEquals(1_200, events.stream().filter(e -> e instanceof ConsumerEvent.BatchSettled)
                .mapToInt(e -> ((ConsumerEvent.BatchSettled) e).entries()).sum(), "every ack reported");
        ConsumerEvent.Stopped stopped = assertInstanceOf(ConsumerEvent.Stopped.class, events.get(events.size() - 1));
        assertEquals(1_200, stopped.stats().acknowledged());
    }

    @Test
    void aBoundedRunOverSeveralReaderGroupsHandlesExactlyItsCount(TestKeys keys) {
        List<String> names = List.of(keys.stream("a"), keys.stream("b"));
        names.forEach(s -> streams.publishMany(s, 100));
        Recorder recorder = new Recorder("R", names.toArray(String[]::new));
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                        .group(keys.name("g")).block(Duration.ofMillis(100)).build()).listener(recorder)
                .grouping(EACH_ALONE).stopAfter(50).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 50,
                    () -> consumer.stats().toString());
            Thread.sleep(300);
            assertEquals(50, consumer.stats().delivered());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(50, recorder.total());
        long pending = names.stream().mapToLong(s -> streams.pending(s, keys.name("g"))).sum();
        assertTrue(pending <= 150, "the rest stays for later: " + pending);
    }
}
