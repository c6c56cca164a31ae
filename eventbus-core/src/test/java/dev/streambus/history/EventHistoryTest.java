package dev.streambus.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History::replay over the data PHP wrote (cases/replayable.json). */
@RedisTest
class EventHistoryTest {

    static final JsonNode CASE = Fixtures.load("cases/replayable.json");

    private final RedissonClient redisson;

    EventHistoryTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** Writes the PHP entries (same ids) and the raw history list under a unique event name; returns it. */
    private String writePhpData(TestKeys keys) {
        String event = keys.stream(CASE.get("stream").asText());
        String identifier = CASE.get("identifier").asText();
        keys.key(CASE.get("history_key").asText()); // = event + "-" + identifier, recorded for cleanup
        var stream = redisson.<String, String>getStream(event, StringCodec.INSTANCE);
        for (JsonNode entry : CASE.get("entries")) {
            stream.add(EntryId.parse(entry.get("id").asText()), StreamAddArgs.entries(Fixtures.fields(entry)));
        }
        List<String> newestFirst = new java.util.ArrayList<>();
        CASE.get("history_lrange_0_-1").forEach(s -> newestFirst.add(s.asText()));
        redisson.<String>getList(event + "-" + identifier, StringCodec.INSTANCE).addAll(newestFirst);
        return event;
    }

    @Test
    void replayGivesPhpsMergedState(TestKeys keys) throws Exception {
        String event = writePhpData(keys);
        ObjectNode state = new EventHistory(redisson).replay(event, "user-42").orElseThrow();
        JsonNode expected = CASE.get("replay_result");
        assertEquals(expected, new ObjectMapper().readTree(PhpJson.encode(state)), "same values");
        assertEquals(List.of("id", "name", "email", "address", "active"), names(state), "PHP's key order");
        assertEquals("{\"id\":42,\"name\":\"Anna\",\"email\":\"ann.new@example.com\",\"address\":{\"city\":"
                + "\"Warszawa\"},\"active\":true}", PhpJson.encode(state));
    }

    @Test
    void untilStopsAtTheFirstSnapshotDatedAtOrAfterIt(TestKeys keys) {
        String event = writePhpData(keys);
        LocalDateTime snapshotsDate = LocalDateTime.of(2026, 11, 22, 2, 7, 57);
        assertEquals(0, new EventHistory(redisson).replay(event, "user-42", snapshotsDate).orElseThrow().size());
        assertEquals(5, new EventHistory(redisson).replay(event, "user-42", snapshotsDate.plusSeconds(1))
                .orElseThrow().size());
    }

    @Test
    void deletedEntriesAreSkipped(TestKeys keys) {
        String event = writePhpData(keys);
        redisson.getStream(event, StringCodec.INSTANCE).remove(EntryId.parse("1795313277541-1"));
        ObjectNode state = new EventHistory(redisson).replay(event, "user-42").orElseThrow();
        assertEquals("{\"id\":42,\"name\":\"Ann\",\"email\":\"ann.new@example.com\",\"address\":{\"city\":"
                + "\"Krak\\u00f3w\",\"zip\":\"30-001\"}}", PhpJson.encode(state));
    }

    @Test
    void anUnknownIdentifierHasNoHistory(TestKeys keys) {
        String event = writePhpData(keys);
        assertEquals(Optional.empty(), new EventHistory(redisson).replay(event, "user-43"));
    }

    @Test
    void javaPublishedReplayableEventsReplayToo(TestKeys keys) {
        String event = keys.stream("java.replayable");
        keys.key("java.replayable-u1");
        var publisher = new dev.streambus.publish.RedisPublisher(redisson,
                dev.streambus.publish.PublisherConfig.defaults());
        for (String data : List.of("{\"a\":1,\"b\":{\"x\":1}}", "{\"b\":{\"y\":2}}")) {
            publisher.send(publisher.encoder().encode(event, dev.streambus.compat.message.MessageType.EVENT,
                    PhpJson.decode(data), "u1")).join();
        }
        ObjectNode state = new EventHistory(redisson).replay(event, "u1").orElseThrow();
        assertEquals("{\"a\":1,\"b\":{\"y\":2}}", PhpJson.encode(state));
        assertTrue(redisson.getList(event + "-u1").isExists());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
