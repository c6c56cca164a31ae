package dev.streambus.cluster;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.deadletter.DeadLetterFields;
import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.deadletter.DeadLetterStore;
import dev.streambus.deadletter.ReplayResult;
import dev.streambus.event.EntityEvent;
import dev.streambus.event.Replayable;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.publish.CrossSlot;
import dev.streambus.publish.PublishException;
import dev.streambus.publish.PublishOutcome;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.redis.SlotKeys;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script keeps to one hash slot on a real 3-master Redis Cluster: dead letters and their replay, Replayable and
 * EntityEvent publishes (refused up front or written in two steps where Laravel's plain names cannot share a slot),
 * and publishAll, which never leaves part of a refused list behind. Plain and hash-tagged names each.
 */
class ClusterScriptsTest {

    static final String PLAIN_SHIPPED = "cl.order.shipped";
    static final String TAGGED_SHIPPED = "{cl.order}.shipped";
    static final String PLAIN_PLACED = "cl.order.placed";
    static final String TAGGED_PLACED = "{cl.order}.placed";
    static final String PLAIN_NOTE = "cl.note";

    @StreamerEvent(name = PLAIN_SHIPPED)
    record PlainShipped(String orderId) implements Replayable {
        @Override
        public String identifier() {
            return orderId;
        }
    }

    @StreamerEvent(name = TAGGED_SHIPPED)
    record TaggedShipped(String orderId) implements Replayable {
        @Override
        public String identifier() {
            return orderId;
        }
    }

    @StreamerEvent(name = PLAIN_PLACED)
    record PlainPlaced(String orderId) implements EntityEvent {
        @Override
        public String entityType() {
            return "cl.order";
        }

        @Override
        public String entityId() {
            return orderId;
        }
    }

    /** Entity stream {@code {cl.order}:<id>}: same slot as the event's stream {@code {cl.order}.placed}. */
    @StreamerEvent(name = TAGGED_PLACED)
    record TaggedPlaced(String orderId) implements EntityEvent {
        @Override
        public String entityType() {
            return "{cl.order}";
        }

        @Override
        public String entityId() {
            return orderId;
        }
    }

    @StreamerEvent(name = PLAIN_NOTE)
    record Note(int n) {
    }

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();

    private static RedissonClient redisson() {
        return CLUSTER.client();
    }

    @Test
    void deadLettersOfPlainAndTaggedStreamsParkInTheStreamsSlotAndReplay() throws Exception {
        for (String stream : List.of("cl.dead.plain", "{cl.dead}.tagged")) {
            String dead = DeadLetterKeys.DEFAULT.of(stream);
            assertEquals(SlotKeys.slot(redisson(), stream), SlotKeys.slot(redisson(), dead), dead);
            Streams streams = new Streams(redisson());
            String malformed = streams.xadd(stream, "name", stream); // no data: dead-lettered at once
            try (EventConsumer consumer = EventConsumer.builder(redisson()).listener(new Recorder("r", stream))
                    .config(ConsumerConfig.builder().group("g").block(Duration.ofMillis(100)).build()).build()) {
                consumer.start();
                Await.until(Duration.ofSeconds(15), () -> redisson().getStream(dead).size() == 1,
                        () -> "dead letters in " + dead + ": " + redisson().getStream(dead).size());
            }
            DeadLetterStore store = new DeadLetterStore(redisson());
            assertEquals(1, store.count(stream));
            ReplayResult result = store.replayAll(stream);
            assertEquals(List.of(malformed), result.replayed().stream().map(ReplayResult.Replayed::originalId)
                    .toList(), result.toString());
            assertEquals(0, store.count(stream));
            List<Map<String, String>> entries = streams.entries(stream);
            assertEquals(2, entries.size());
            assertEquals(malformed, entries.get(1).get("original_id"));
        }
    }

    @Test
    void aLegacyDeadLetterInAnotherSlotIsReplayedInTwoSteps() {
        String stream = "cl.legacy.orders";
        String legacy = DeadLetterKeys.DEFAULT.legacy(stream);
        assertNotEquals(SlotKeys.slot(redisson(), stream), SlotKeys.slot(redisson(), legacy), "the case needs 2 slots");
        Streams streams = new Streams(redisson());
        String original = streams.xadd(stream, "_id", "*", "name", stream, "data", "{}");
        streams.xadd(legacy, "_id", "*", "name", stream, "data", "{}", DeadLetterFields.ORIGINAL_ID, original,
                DeadLetterFields.STREAM, stream, DeadLetterFields.REASON, "parked by an earlier version");

        DeadLetterStore store = new DeadLetterStore(redisson());
        assertEquals(1, store.count(stream));
        ReplayResult result = store.replayAll(stream);
        assertEquals(1, result.replayed().size(), result.toString());
        assertEquals(0, redisson().getStream(legacy).size());
        Map<String, String> replayed = streams.entries(stream).get(1);
        assertEquals(List.of("_id", "original_id", "name", "data"), List.copyOf(replayed.keySet()));
        assertEquals(original, replayed.get("original_id"));
    }

    @Test
    void aReplayablePublishWithAPlainNameFailsFastOrWritesInTwoStepsAndATaggedOneIsOneScript() {
        RedisPublisher failFast = new RedisPublisher(redisson(), PublisherConfig.defaults());
        long before = redisson().getStream(PLAIN_SHIPPED).size();
        PublishException e = assertThrows(PublishException.class, () -> failFast.publish(new PlainShipped("o-1")));
        assertEquals(PublishOutcome.NOT_STORED, e.outcome());
        String history = PLAIN_SHIPPED + "-o-1";
        assertTrue(e.getMessage().contains("'" + PLAIN_SHIPPED + "' (slot " + SlotKeys.slot(redisson(), PLAIN_SHIPPED)
                + "), '" + history + "' (slot " + SlotKeys.slot(redisson(), history) + ")"), e.getMessage());
        assertEquals(before, redisson().getStream(PLAIN_SHIPPED).size(), "nothing written");
        assertEquals(0, redisson().getKeys().countExists(history), "nothing written");

        RedisPublisher twoSteps = new RedisPublisher(redisson(), PublisherConfig.builder()
                .crossSlot(CrossSlot.TWO_STEPS).build());
        String id = twoSteps.publish(new PlainShipped("o-1"));
        assertEquals(before + 1, redisson().getStream(PLAIN_SHIPPED).size());
        List<String> snapshots = redisson().<String>getList(history, StringCodec.INSTANCE).readAll();
        assertEquals(1, snapshots.size());
        assertTrue(snapshots.get(0).startsWith("{\"id\":\"" + id + "\""), snapshots.get(0));

        String tagged = failFast.publish(new TaggedShipped("o-1"));
        assertTrue(redisson().<String>getList(TAGGED_SHIPPED + "-o-1", StringCodec.INSTANCE).readAll().get(0)
                .startsWith("{\"id\":\"" + tagged + "\""));
    }

    @Test
    void anEntityEventWithAPlainNameFailsFastOrWritesInTwoStepsAndATaggedOneIsOneScript() {
        RedisPublisher failFast = new RedisPublisher(redisson(), PublisherConfig.defaults());
        PublishException e = assertThrows(PublishException.class, () -> failFast.publish(new PlainPlaced("o-2")));
        assertEquals(PublishOutcome.NOT_STORED, e.outcome());
        assertTrue(e.getMessage().contains("'cl.order:o-2' (slot "), e.getMessage());
        assertEquals(0, redisson().getKeys().countExists(PLAIN_PLACED, "cl.order:o-2"), "nothing written");

        RedisPublisher twoSteps = new RedisPublisher(redisson(), PublisherConfig.builder()
                .crossSlot(CrossSlot.TWO_STEPS).build());
        String id = twoSteps.publish(new PlainPlaced("o-2"));
        Streams streams = new Streams(redisson());
        assertEquals(id, streams.entries("cl.order:o-2").get(0).get("_id"));

        String tagged = failFast.publish(new TaggedPlaced("o-2"));
        assertEquals(tagged, streams.entries("{cl.order}:o-2").get(0).get("_id"));
    }

    @Test
    void publishAllWithACrossSlotEventWritesNothingOfTheListAndATaggedListIsWritten() {
        RedisPublisher publisher = new RedisPublisher(redisson(), PublisherConfig.builder().batchSize(2).build());
        List<Object> mixed = List.of(new Note(1), new Note(2), new Note(3), new PlainShipped("o-3"), new Note(5));
        PublishException e = assertThrows(PublishException.class, () -> publisher.publishAll(mixed));
        assertEquals(PublishOutcome.NOT_STORED, e.outcome());
        assertTrue(e.getMessage().contains("event 3: event '" + PLAIN_SHIPPED + "'"), e.getMessage());
        assertEquals(0, redisson().getKeys().countExists(PLAIN_NOTE, PLAIN_SHIPPED + "-o-3"), "no event of the list");
        long shipped = redisson().getStream(PLAIN_SHIPPED).size();

        List<Object> tagged = List.of(new Note(1), new TaggedShipped("o-3"), new TaggedPlaced("o-3"), new Note(4));
        List<String> ids = publisher.publishAll(tagged);
        assertEquals(4, ids.size());
        assertEquals(2, redisson().getStream(PLAIN_NOTE).size());
        assertEquals(ids.get(2), new Streams(redisson()).entries("{cl.order}:o-3").get(0).get("_id"));

        RedisPublisher twoSteps = new RedisPublisher(redisson(), PublisherConfig.builder()
                .crossSlot(CrossSlot.TWO_STEPS).build());
        List<String> stepped = twoSteps.publishAll(mixed);
        assertEquals(5, stepped.size());
        assertEquals(2 + 4, redisson().getStream(PLAIN_NOTE).size());
        assertEquals(shipped + 1, redisson().getStream(PLAIN_SHIPPED).size());
        assertEquals(1, redisson().getList(PLAIN_SHIPPED + "-o-3").size());
    }
}
