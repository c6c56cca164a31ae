package dev.streambus.deadletter;

import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listing, counting and replaying parked entries against real Redis. */
@RedisTest
class DeadLetterStoreTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private final RedissonClient redisson;
    private final Streams streams;
    private final RedisDeadLetters sink;
    private final DeadLetterStore store;

    DeadLetterStoreTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
        this.sink = new RedisDeadLetters(new RedisStreams(redisson), RedisDeadLetters.DEFAULT_SUFFIX,
                Clock.fixed(AT, ZoneOffset.UTC));
        this.store = new DeadLetterStore(redisson);
    }

    @Test
    void aParkedLaravelEntryIsListedAndReplayedWithOriginalIdAfterId(TestKeys keys) {
        String stream = keys.stream("orders");
        String originalId = streams.publish(stream, Map.of("order", 42));
        Map<String, String> original = entry(stream, originalId);
        sink.park(new DeadLetter(new StreamEntry(stream, originalId, original), "billing", "worker-1", 3,
                "listener failed: boom"));
        streams.xadd(stream, "_id", "*", "name", "later"); // the stream moves on meanwhile

        assertEquals(1, store.count(stream));
        List<StoredDeadLetter> letters = store.list(stream, 10);
        assertEquals(1, letters.size());
        StoredDeadLetter letter = letters.get(0);
        assertEquals(originalId, letter.originalId());
        assertEquals(stream, letter.originalStream());
        assertEquals("billing", letter.group());
        assertEquals("worker-1", letter.consumer());
        assertEquals(3, letter.deliveries());
        assertEquals("listener failed: boom", letter.reason());
        assertEquals(AT, letter.at());
        assertEquals(new ArrayList<>(original.entrySet()), new ArrayList<>(letter.fields().entrySet()),
                "original fields, in order, without dead_* metadata");

        ReplayResult result = store.replay(stream, List.of(letter.id()));
        assertEquals(1, result.replayed().size(), result.toString());
        ReplayResult.Replayed replayed = result.replayed().get(0);
        assertEquals(originalId, replayed.originalId());
        assertEquals(0, store.count(stream), "the dead letter is gone");
        assertTrue(store.list(stream, 10).isEmpty());

        Map<String, String> restored = entry(stream, replayed.newId());
        List<String> expectedOrder = new ArrayList<>(original.keySet());
        expectedOrder.add(1, StreamerMessage.ORIGINAL_ID);
        assertEquals(expectedOrder, new ArrayList<>(restored.keySet()), "original_id right after _id");
        assertEquals(List.of("_id", "original_id", "type", "version", "name", "domain", "created", "data", "hash"),
                new ArrayList<>(restored.keySet()));
        assertEquals(originalId, restored.get(StreamerMessage.ORIGINAL_ID));
        original.forEach((field, value) -> assertEquals(value, restored.get(field), field));
        assertEquals(StreamerMessage.hash(restored.get("type"), restored.get("name"), restored.get("domain"),
                restored.get("data")), restored.get("hash"), "hash still matches the data");
    }

    @Test
    void withoutIdFieldOriginalIdComesFirstAndAStaleOneIsReplaced(TestKeys keys) {
        String stream = keys.stream("raw");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "raw.event");
        fields.put("original_id", "1-1");
        fields.put("data", "{not json");
        String id = streams.xadd(stream, fields);
        sink.park(new DeadLetter(new StreamEntry(stream, id, fields), null, null, 1, "field 'data': not JSON"));

        StoredDeadLetter letter = store.list(stream, 1).get(0);
        assertNull(letter.group());
        assertNull(letter.consumer());
        ReplayResult result = store.replayAll(stream);
        Map<String, String> restored = entry(stream, result.replayed().get(0).newId());
        assertEquals(List.of("original_id", "name", "data"), new ArrayList<>(restored.keySet()));
        assertEquals(id, restored.get("original_id"));
        assertEquals("{not json", restored.get("data"));
    }

    @Test
    void replayIsNotRepeatedAndUnknownIdsAreReported(TestKeys keys) {
        String stream = keys.stream("orders");
        String id = streams.xadd(stream, "_id", "*", "name", "n");
        park(stream, id);
        String deadId = store.list(stream, 1).get(0).id();

        assertEquals(1, store.replay(stream, List.of(deadId)).replayed().size());
        ReplayResult again = store.replay(stream, List.of(deadId, "1-0"));
        assertTrue(again.replayed().isEmpty());
        assertEquals(List.of(deadId, "1-0"), new ArrayList<>(again.notReplayed().keySet()));
        assertEquals(2, streams.entries(stream).size(), "original + exactly one replay");
    }

    @Test
    void aFailedXaddKeepsTheLetter(TestKeys keys) {
        String stream = keys.stream("orders");
        String id = streams.xadd(stream, "_id", "*", "name", "n");
        park(stream, id);
        redisson.getKeys().delete(stream);
        redisson.getMap(stream, StringCodec.INSTANCE).put("now", "a hash"); // XADD will get WRONGTYPE

        ReplayFailedException e = assertThrows(ReplayFailedException.class, () -> store.replayAll(stream));
        assertTrue(e.getMessage().contains("WRONGTYPE"), e.getMessage());
        assertTrue(e.partial().replayed().isEmpty());
        assertEquals(1, store.count(stream), "still parked");
    }

    @Test
    void pagesAndReplaysAllOldestFirstSkippingTrimmedEntries(TestKeys keys) {
        String stream = keys.stream("orders");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = streams.xadd(stream, "_id", "*", "n", Integer.toString(i));
            ids.add(id);
            park(stream, id);
        }
        sink.park(new DeadLetter(new StreamEntry(stream, "1-0", Map.of()), "g", "c", 2, "trimmed"));

        List<StoredDeadLetter> first = store.list(stream, 2);
        List<StoredDeadLetter> second = store.list(stream, first.get(1).id(), 2);
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3)),
                List.of(first.get(0).originalId(), first.get(1).originalId(), second.get(0).originalId(),
                        second.get(1).originalId()));

        ReplayResult result = store.replayAll(stream);
        assertEquals(ids, result.replayed().stream().map(ReplayResult.Replayed::originalId).toList());
        assertEquals(1, result.notReplayed().size(), result.toString());
        assertTrue(result.notReplayed().values().iterator().next().contains("trimmed"));
        assertEquals(1, store.count(stream), "the letter without fields stays");
    }

    @Test
    void untaggedStreamsParkInTheirSlotAndLegacyLettersAreStillListedCountedAndReplayed(TestKeys keys) {
        String stream = keys.stream("orders");
        assertEquals("{" + stream + "}:dead", sink.streamFor(stream));
        assertEquals("{eu}.orders:dead", sink.streamFor("{eu}.orders"), "a tagged stream keeps its name");
        String old = streams.xadd(stream, "_id", "*", "n", "old");
        String legacy = keys.key("orders:dead");
        assertEquals(legacy, DeadLetterKeys.DEFAULT.legacy(stream));
        streams.xadd(legacy, "_id", old, "n", "old", DeadLetterFields.ORIGINAL_ID, old, DeadLetterFields.STREAM,
                stream, DeadLetterFields.REASON, "parked by an earlier version");
        String recent = streams.xadd(stream, "_id", "*", "n", "new");
        park(stream, recent);

        assertEquals(2, store.count(stream));
        assertEquals(List.of(old, recent), store.list(stream, 10).stream().map(StoredDeadLetter::originalId).toList());
        ReplayResult result = store.replayAll(stream);
        assertEquals(List.of(old, recent), result.replayed().stream().map(ReplayResult.Replayed::originalId).toList());
        assertEquals(0, store.count(stream));
        assertEquals(List.of(0L, 0L), List.of(redisson.getStream(legacy).size(),
                redisson.getStream(sink.streamFor(stream)).size()));
    }

    private void park(String stream, String id) {
        sink.park(new DeadLetter(new StreamEntry(stream, id, entry(stream, id)), "g", "c", 1, "test"));
    }

    private Map<String, String> entry(String stream, String id) {
        StreamMessageId sid = dev.streambus.redis.EntryId.parse(id);
        return redisson.<String, String>getStream(stream, StringCodec.INSTANCE).range(sid, sid).get(sid);
    }
}
