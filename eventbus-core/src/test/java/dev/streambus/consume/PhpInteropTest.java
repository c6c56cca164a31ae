package dev.streambus.consume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Entries exactly as PHP's Streamer::emit wrote them (golden vectors) reach typed Java listeners. */
@RedisTest
class PhpInteropTest {

    /** The stream and name the golden vector {@code simple_flat} was emitted with. */
    @StreamerEvent(name = "fixture.simple")
    record SimpleOrder(long order_id, String status, String customer) {
    }

    private final RedissonClient redisson;
    private final Streams streams;

    PhpInteropTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @BeforeEach
    @AfterEach
    void deleteFixtureStream() {
        redisson.getKeys().delete("fixture.simple");
    }

    @Test
    void aPhpEmittedEntryReachesATypedListener(TestKeys keys) {
        JsonNode recorded = Fixtures.load("cases/simple_flat.json").get("entries").get(0);
        Map<String, String> fields = new LinkedHashMap<>();
        recorded.get("fields").forEach(pair -> fields.put(pair.get(0).asText(), pair.get(1).asText()));
        String id = streams.xadd("fixture.simple", fields);

        List<SimpleOrder> received = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
        try (EventConsumer consumer = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group(keys.name("g")).block(Duration.ofMillis(200)).build())
                .listener(Listeners.on(SimpleOrder.class, "SimpleOrderListener", (event, message) -> {
                    received.add(event);
                    messages.add(message);
                })).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> received.size() == 1, () -> "nothing received");
        }
        assertEquals(new SimpleOrder(123, "paid", "ann"), received.get(0));
        ReceivedMessage message = messages.get(0);
        assertEquals(id, message.id());
        assertEquals("php-app", message.domain());
        assertEquals(id, message.content().get("_id"), "PHP replaces _id with the entry id");
        assertEquals(fields.get("hash"), message.content().get("hash"));
        assertEquals(0, streams.pending("fixture.simple", keys.name("g")));
    }
}
