package dev.streambus.archive;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** listen --purge / --archive: the entry goes only when every listener succeeded. */
@RedisTest
class AfterAllListenersTest {

    private final RedissonClient redisson;
    private final Streams streams;

    AfterAllListenersTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    private void consume(TestKeys keys, List<MessageListener> listeners, AfterAllListeners middleware,
                         AtomicInteger calls, int expectedCalls) {
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group(keys.name("g")).block(Duration.ofMillis(100))
                        .maxDeliveries(1).build())
                .listeners(listeners).afterAllListeners(middleware).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(20), () -> calls.get() >= expectedCalls
                    && consumer.stats().acknowledged() >= 2, () -> "calls " + calls + ", " + consumer.stats());
        }
    }

    @Test
    void purgesWhenAllListenersSucceededOnly(TestKeys keys) {
        String stream = keys.stream("orders");
        String ok = streams.publish(stream, Map.of("ok", true));
        String bad = streams.publish(stream, Map.of("ok", false));
        AtomicInteger calls = new AtomicInteger();
        List<MessageListener> listeners = List.of(
                Listeners.onMessage(Set.of(stream), "First", m -> {
                    calls.incrementAndGet();
                    if (!m.data().get("ok").asBoolean()) {
                        throw new IllegalStateException("no");
                    }
                }),
                Listeners.onMessage(Set.of(stream), "Second", m -> calls.incrementAndGet()));
        consume(keys, listeners, AfterAllListeners.purge(new StreamPurger(redisson)), calls, 4);
        var left = redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .range(org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX);
        assertEquals(List.of(bad), left.keySet().stream().map(dev.streambus.redis.EntryId::format).toList(),
                "only the entry all listeners handled is purged, " + ok + " is gone");
        var failed = redisson.<String>getSet(dev.streambus.compat.failed.FailedMessage.SET_KEY, StringCodec.INSTANCE);
        failed.readAll().stream().filter(m -> m.contains(bad)).forEach(failed::remove);
    }

    @Test
    void archivesTheReceivedEntry(TestKeys keys) {
        String stream = keys.stream("orders");
        String first = streams.publish(stream, Map.of("n", 1));
        streams.publish(stream, Map.of("n", 2));
        AtomicInteger calls = new AtomicInteger();
        List<MessageListener> listeners = List.of(Listeners.onMessage(Set.of(stream), "Only",
                m -> calls.incrementAndGet()));
        InMemoryArchiveStorage storage = new InMemoryArchiveStorage();
        consume(keys, listeners, AfterAllListeners.archive(
                new StreamArchiver(redisson, storage, Clock.systemUTC())), calls, 2);
        assertEquals(0, redisson.getStream(stream, StringCodec.INSTANCE).size());
        assertEquals(2, storage.all().size());
        ArchivedMessage archived = storage.find(stream, first).orElseThrow();
        assertEquals(first, archived.fields().get("_id"));
        assertEquals("{\"n\":1}", archived.fields().get("data"));
        assertTrue(archived.fields().containsKey("hash"));
    }
}
