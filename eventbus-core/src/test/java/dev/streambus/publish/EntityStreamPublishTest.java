package dev.streambus.publish;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.event.EntityEvent;
import dev.streambus.event.Replayable;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.RedisTest;
import dev.streambus.redis.EntryId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RedisTest
class EntityStreamPublishTest {

    static final String PLACED = "streambus.test.entity.order-placed";
    static final String SHIPPED = "streambus.test.entity.order-shipped";
    static final String ORDER = "streambus.test.entity.order";

    @StreamerEvent(name = PLACED)
    record OrderPlaced(String orderId, long amountCents) implements EntityEvent {
        @Override
        public String entityType() {
            return ORDER;
        }

        @Override
        public String entityId() {
            return orderId;
        }
    }

    @StreamerEvent(name = SHIPPED)
    record OrderShipped(String orderId) implements EntityEvent, Replayable {
        @Override
        public String entityType() {
            return ORDER;
        }

        @Override
        public String entityId() {
            return orderId;
        }

        @Override
        public String identifier() {
            return orderId;
        }
    }

    private final RedissonClient redisson;

    EntityStreamPublishTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @BeforeEach
    @AfterEach
    void deleteFixedNameKeys() {
        redisson.getKeys().delete(PLACED, SHIPPED, ORDER + ":o-1", ORDER + ":o-2", SHIPPED + "-o-1");
    }

    @Test
    void anEntityEventIsAlsoWrittenToItsEntityStreamWithTheIntegrationIdInUnderscoreId() {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("shop").build());
        String id = publisher.publish(new OrderPlaced("o-1", 4999));

        Map<String, Map<String, String>> integration = entries(PLACED);
        Map<String, Map<String, String>> entity = entries(ORDER + ":o-1");
        assertEquals(List.of(id), new ArrayList<>(integration.keySet()), "integration stream unchanged: event name");
        assertEquals(1, entity.size());
        Map<String, String> original = integration.get(id);
        Map<String, String> copy = entity.values().iterator().next();
        assertEquals("*", original.get("_id"));
        assertEquals(id, copy.get("_id"));
        assertEquals(new ArrayList<>(original.keySet()), new ArrayList<>(copy.keySet()), "same fields, same order");
        Map<String, String> withoutId = new LinkedHashMap<>(copy);
        withoutId.put("_id", "*");
        assertEquals(original, withoutId, "same values apart from _id");
    }

    @Test
    void publishAllKeepsEachEntityStreamInPublishOrderAndReplayableHistoryStillWorks() {
        // one batch in flight: with several, later batches can land first (see the report on publishAll ordering)
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().batchSize(3)
                .build());
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new OrderPlaced(i % 2 == 0 ? "o-1" : "o-2", i));
        }
        events.add(new OrderShipped("o-1"));
        List<String> ids = publisher.publishAll(events);

        List<String> o1 = new ArrayList<>();
        List<String> o2 = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (i % 2 == 0 ? o1 : o2).add(ids.get(i));
        }
        assertEquals(o1, underscoreIds(ORDER + ":o-1"));
        assertEquals(o2, underscoreIds(ORDER + ":o-2"));
        assertEquals(10, entries(PLACED).size());
        assertEquals(1, entries(SHIPPED).size());

        List<String> history = redisson.<String>getList(SHIPPED + "-o-1", StringCodec.INSTANCE).readAll();
        assertEquals(1, history.size());
        HistorySnapshot snapshot = HistorySnapshot.fromJson(history.get(0));
        assertEquals(ids.get(10), snapshot.id());
        assertEquals("o-1", snapshot.identifier());
        // different streams: each counts its own sequence, so within one millisecond a later entry of another
        // stream may have the lower sequence (x-1 then x-0); only the millisecond is ordered across streams
        assertTrue(EntryId.of(ids.get(8)).ms() <= EntryId.of(ids.get(10)).ms(), ids.get(8) + " then " + ids.get(10));
    }

    private List<String> underscoreIds(String stream) {
        List<String> out = new ArrayList<>();
        entries(stream).values().forEach(f -> out.add(f.get("_id")));
        return out;
    }

    private Map<String, Map<String, String>> entries(String stream) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX)
                .forEach((id, fields) -> out.put(EntryId.format(id), fields));
        return out;
    }
}
