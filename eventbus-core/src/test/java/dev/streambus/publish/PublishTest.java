package dev.streambus.publish;

import dev.streambus.compat.message.MessageType;
import dev.streambus.event.Replayable;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.RedisTest;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RedisTest
class PublishTest {

    static final String PLACED = "streambus.test.publish.order-placed";
    static final String RENAMED = "streambus.test.publish.user-renamed";

    @StreamerEvent(name = PLACED)
    record OrderPlaced(String orderId, long amountCents, List<String> items) {
    }

    @StreamerEvent(name = RENAMED, type = MessageType.NOTIFICATION)
    record UserRenamed(String userId, String name) implements Replayable {
        @Override
        public String identifier() {
            return userId;
        }
    }

    private final RedissonClient redisson;
    private final Streams streams;

    PublishTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @BeforeEach
    @AfterEach
    void deleteFixedNameKeys() {
        redisson.getKeys().delete(PLACED, RENAMED, RENAMED + "-u-1");
    }

    @Test
    void writesTheFieldsLaravelWritesInItsOrder() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String id = publisher("billing").publish(new OrderPlaced("o-1", 4999, List.of("a/b", "é")));
        long after = System.currentTimeMillis() / 1000;

        List<Map<String, String>> entries = streams.entries(PLACED);
        assertEquals(1, entries.size());
        Map<String, String> fields = entries.get(0);
        assertEquals(List.of("_id", "type", "version", "name", "domain", "created", "data", "hash"),
                new ArrayList<>(fields.keySet()));
        assertEquals("*", fields.get("_id"));
        assertEquals("event", fields.get("type"));
        assertEquals("1.3", fields.get("version"));
        assertEquals(PLACED, fields.get("name"));
        assertEquals("billing", fields.get("domain"));
        long created = Long.parseLong(fields.get("created"));
        assertTrue(created >= before && created <= after, "created " + created + " is now in seconds");
        assertEquals("{\"orderId\":\"o-1\",\"amountCents\":4999,\"items\":[\"a\\/b\",\"\\u00e9\"]}", fields.get("data"));
        String expectedHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("event" + PLACED + "billing" + fields.get("data")).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expectedHash, fields.get("hash"));
        assertTrue(id.matches("\\d+-\\d+"), id);
    }

    @Test
    void publishAllPipelinesBatchesAndKeepsOrder() {
        List<OrderPlaced> events = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            events.add(new OrderPlaced("o-" + i, i, List.of()));
        }
        List<String> ids = new RedisPublisher(redisson, PublisherConfig.builder().batchSize(100).build())
                .publishAll(events); // 13 batches: order must hold across batches too

        assertEquals(events.size(), ids.size());
        var stored = redisson.<String, String>getStream(PLACED, StringCodec.INSTANCE)
                .range(org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX);
        List<String> storedIds = stored.keySet().stream().map(m -> m.getId0() + "-" + m.getId1()).toList();
        assertEquals(ids, storedIds, "ids returned in publish order, equal to stream order");
        List<String> data = stored.values().stream().map(f -> f.get("data")).toList();
        for (int i = 0; i < events.size(); i++) {
            assertTrue(data.get(i).startsWith("{\"orderId\":\"o-" + i + "\","), data.get(i));
        }
    }

    @Test
    void publishAllWritesExactlyTheFieldsSingleXaddsWrite() {
        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-11-22T02:07:57Z"),
                java.time.ZoneOffset.UTC);
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("shop").clock(fixed)
                .batchSize(7).build());
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // runs broken by another stream and by a Replayable event
            events.add(i % 6 == 5 ? new UserRenamed("u-1", "name " + i) : new OrderPlaced("o-" + i, i, List.of("é/" + i)));
        }
        List<String> ids = publisher.publishAll(events);

        var placed = redisson.<String, String>getStream(PLACED, StringCodec.INSTANCE)
                .range(org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX);
        var renamed = redisson.<String, String>getStream(RENAMED, StringCodec.INSTANCE)
                .range(org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX);
        assertEquals(20, placed.size() + renamed.size());
        for (int i = 0; i < events.size(); i++) {
            var id = dev.streambus.redis.EntryId.parse(ids.get(i));
            Map<String, String> stored = events.get(i) instanceof UserRenamed ? renamed.get(id) : placed.get(id);
            Map<String, String> expected = publisher.encoder().encode(events.get(i)).message().fields();
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(stored.entrySet()),
                    "event " + i + ": same fields, same order, same bytes");
        }
        assertEquals(3, redisson.getList(RENAMED + "-u-1").size(), "history snapshots of the Replayable events");
    }

    @Test
    void publishAsyncCompletesWithTheId() {
        String id = publisher("").publishAsync(new OrderPlaced("o-9", 1, List.of())).join();
        assertEquals(1, streams.entries(PLACED).size());
        assertTrue(id.matches("\\d+-\\d+"), id);
    }

    @Test
    void manyPublishesInFlightAllSucceedWithRedissonResendsOff() {
        Publisher publisher = publisher("");
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            inFlight.add(i % 2 == 0 ? publisher.publishAsync(new OrderPlaced("o-" + i, i, List.of()))
                    : publisher.publishAsync(new UserRenamed("u-1", "n" + i)));
        }
        Set<String> placed = new HashSet<>();
        Set<String> renamed = new HashSet<>();
        for (int i = 0; i < inFlight.size(); i++) {
            (i % 2 == 0 ? placed : renamed).add(inFlight.get(i).join());
        }
        assertEquals(300, placed.size(), "distinct ids within a stream");
        assertEquals(300, renamed.size());
        assertEquals(300, redisson.getStream(PLACED, StringCodec.INSTANCE).size());
        assertEquals(300, redisson.getStream(RENAMED, StringCodec.INSTANCE).size());
    }

    @Test
    void replayableEventsLeaveThePhpHistorySnapshot() {
        Publisher publisher = publisher("");
        String first = publisher.publish(new UserRenamed("u-1", "Ann"));
        String second = publisher.publish(new UserRenamed("u-1", "Anna"));

        List<String> history = redisson.<String>getList(RENAMED + "-u-1", StringCodec.INSTANCE).readAll();
        assertEquals(2, history.size(), "one snapshot per emit");
        String pattern = "\\{\"id\":\"%s\",\"name\":\"%s\",\"identifier\":\"u-1\",\"date\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\"}";
        assertTrue(history.get(0).matches(String.format(pattern, second, RENAMED)), "newest first: " + history.get(0));
        assertTrue(history.get(1).matches(String.format(pattern, first, RENAMED)), history.get(1));
        assertEquals("notification", streams.entries(RENAMED).get(0).get("type"));
        assertEquals("{\"userId\":\"u-1\",\"name\":\"Ann\"}", streams.entries(RENAMED).get(0).get("data"));
    }

    @Test
    void retentionTrimsApproximately() {
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.builder()
                .retention(PLACED, Retention.maxLength(100)).build());
        List<OrderPlaced> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(new OrderPlaced("o-" + i, i, List.of()));
        }
        publisher.publishAll(events);
        long length = redisson.getStream(PLACED, StringCodec.INSTANCE).size();
        assertTrue(length >= 100 && length < 1_000, "MAXLEN ~ 100 keeps about 100, was " + length);
    }

    @Test
    void aFailedPublishSurfacesNamingTheStream() {
        redisson.getBucket(PLACED, StringCodec.INSTANCE).set("not a stream");
        Publisher publisher = publisher("");
        PublishException sync = assertThrows(PublishException.class,
                () -> publisher.publish(new OrderPlaced("o-1", 1, List.of())));
        assertTrue(sync.getMessage().contains("'" + PLACED + "'"), sync.getMessage());
        assertTrue(sync.getMessage().contains("WRONGTYPE"), sync.getMessage());
        assertEquals(PublishOutcome.NOT_STORED, sync.outcome(), "an error reply: Redis refused it");
        assertTrue(sync.isOutcomeKnown());
        CompletionException async = assertThrows(CompletionException.class,
                () -> publisher.publishAsync(new OrderPlaced("o-1", 1, List.of())).join());
        assertEquals(PublishOutcome.NOT_STORED, assertInstanceOf(PublishException.class, async.getCause()).outcome());
        PublishException all = assertThrows(PublishException.class,
                () -> publisher.publishAll(List.of(new OrderPlaced("o-1", 1, List.of()), new OrderPlaced("o-2", 2, List.of()))));
        assertEquals(PublishOutcome.NOT_STORED, all.outcome(), all.getMessage());
    }

    @Test
    void aHistoryListOfTheWrongTypeIsRefusedBeforeTheEntryIsStored() {
        redisson.getBucket(RENAMED + "-u-1", StringCodec.INSTANCE).set("not a list");
        PublishException e = assertThrows(PublishException.class,
                () -> publisher("").publish(new UserRenamed("u-1", "Ann")));
        assertEquals(PublishOutcome.NOT_STORED, e.outcome(), e.getMessage());
        assertTrue(e.getMessage().contains(RENAMED + "-u-1"), e.getMessage());
        assertEquals(0, redisson.getStream(RENAMED, StringCodec.INSTANCE).size(), "not stored, as the outcome says");
    }

    @Test
    void aNonEventIsRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> publisher("").publish("just a string"));
        assertTrue(e.getMessage().contains("@StreamerEvent"), e.getMessage());
    }

    private Publisher publisher(String domain) {
        return new RedisPublisher(redisson, PublisherConfig.builder().domain(domain).build());
    }
}
