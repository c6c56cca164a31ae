package dev.streambus.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archive, restore and purge against the PHP case archive_restore.json. */
@RedisTest
class StreamArchiverTest {

    static final JsonNode CASE = Fixtures.load("cases/archive_restore.json");
    static final JsonNode ORIGINAL = CASE.get("original").get("entries").get(0);
    static final JsonNode PHP_RESTORED = CASE.get("restored").get("entries").get(0);
    /** Two days after the fixture's created second. */
    static final Clock LATER = Clock.fixed(Instant.ofEpochSecond(1795313279L + 2 * 86_400), ZoneOffset.UTC);

    private final RedissonClient redisson;
    private final Streams streams;

    StreamArchiverTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    private String writeOriginal(TestKeys keys) {
        String stream = keys.stream("fixture.archived");
        redisson.<String, String>getStream(stream, StringCodec.INSTANCE).add(EntryId.parse(ORIGINAL.get("id").asText()),
                StreamAddArgs.entries(Fixtures.fields(ORIGINAL)));
        return stream;
    }

    @Test
    void archiveThenRestoreKeepsTheTypeAndOtherwiseWritesWhatPhpWrites(TestKeys keys) {
        String stream = writeOriginal(keys);
        InMemoryArchiveStorage storage = new InMemoryArchiveStorage();
        StreamArchiver archiver = new StreamArchiver(redisson, storage, LATER);

        List<EntryOutcome> archived = archiver.archiveOlderThan(List.of(stream), OlderThan.parse("1 day"), LATER);
        assertEquals(List.of(new EntryOutcome(stream, "1795313279659-0", true, null, null)), archived);
        assertEquals(0, redisson.getStream(stream, StringCodec.INSTANCE).size(), "removed from the stream");
        assertEquals("notification", storage.find(stream, "1795313279659-0").orElseThrow().type());

        List<EntryOutcome> restored = archiver.restoreAll(storage.all());
        assertTrue(restored.get(0).done(), restored.get(0).error());
        assertTrue(storage.all().isEmpty());
        List<Map<String, String>> entries = streams.entries(stream);
        assertEquals(1, entries.size());

        LinkedHashMap<String, String> expected = Fixtures.fields(PHP_RESTORED);
        expected.put("type", "notification"); // PHP restores it as "event": we keep the real type ...
        expected.put("hash", Fixtures.fields(ORIGINAL).get("hash")); // ... so the hash is the original one
        assertEquals(expected, entries.get(0));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(entries.get(0).keySet()), "field order");
    }

    @Test
    void anEventIsRestoredExactlyAsPhpRestoresIt() {
        LinkedHashMap<String, String> archived = Fixtures.fields(ORIGINAL);
        archived.put("type", "event");
        LinkedHashMap<String, String> fields = StreamArchiver.restoreFields(
                new ArchivedMessage("fixture.archived", ORIGINAL.get("id").asText(), archived), LATER);
        assertEquals(Fixtures.fields(PHP_RESTORED), fields);
    }

    @Test
    void youngEntriesStay(TestKeys keys) {
        String stream = writeOriginal(keys);
        StreamArchiver archiver = new StreamArchiver(redisson, new InMemoryArchiveStorage(), LATER);
        assertEquals(List.of(), archiver.archiveOlderThan(List.of(stream), OlderThan.parse("3 days"), LATER));
        assertEquals(List.of(), new StreamPurger(redisson).purgeOlderThan(List.of(stream), OlderThan.parse("3 days"),
                LATER));
        assertEquals(1, redisson.getStream(stream, StringCodec.INSTANCE).size());
    }

    @Test
    void aGoneEntryIsNotArchived(TestKeys keys) {
        String stream = keys.stream("s");
        InMemoryArchiveStorage storage = new InMemoryArchiveStorage();
        StreamArchiver archiver = new StreamArchiver(redisson, storage, LATER);
        assertThrows(ArchiveException.class, () -> archiver.archive(new ArchivedMessage(stream, "1-0",
                Map.of("name", "x", "data", "[]"))));
        assertTrue(storage.all().isEmpty());
    }

    @Test
    void purgeDeletesOldEntriesOnlyAndJudgesEntriesWithoutCreatedByTheirId(TestKeys keys) {
        String stream = keys.stream("p");
        var raw = redisson.<String, String>getStream(stream, StringCodec.INSTANCE);
        // A fixed clock end to end: every entry's age is judged against LATER, never against the machine's date.
        raw.add(EntryId.parse("1000-0"), StreamAddArgs.entries(Map.of("name", "p", "data", "[]")));
        raw.add(EntryId.parse("2000-0"), StreamAddArgs.entries(Map.of("name", "p", "data", "[]", "created",
                Long.toString(LATER.millis() / 1000))));
        String young = (LATER.millis() - 60_000) + "-0"; // a minute before LATER, judged by its id
        raw.add(EntryId.parse(young), StreamAddArgs.entries(Map.of("name", "p", "data", "[]")));
        List<EntryOutcome> purged = new StreamPurger(redisson).purgeOlderThan(List.of(stream),
                OlderThan.parse("1 hour"), LATER);
        assertEquals(List.of("1000-0"), purged.stream().map(EntryOutcome::id).toList());
        assertEquals(2, raw.size());
        assertFalse(new StreamPurger(redisson).purge(stream, "1000-0"), "already gone");
        assertTrue(new StreamPurger(redisson).purge(stream, young));
        assertEquals(StreamerMessage.VERSION, "1.3");
    }
}
