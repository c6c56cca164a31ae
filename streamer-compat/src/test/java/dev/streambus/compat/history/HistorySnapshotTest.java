package dev.streambus.compat.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistorySnapshotTest {

    @Test
    void phpsHistoryListRoundTripsByteForByte() {
        JsonNode replayable = Fixtures.load("cases/replayable.json");
        JsonNode raw = replayable.get("history_lrange_0_-1");
        JsonNode decoded = replayable.get("history_decoded");
        assertEquals(3, raw.size());
        assertEquals(replayable.get("history_key").asText(),
                HistorySnapshot.listKey(replayable.get("stream").asText(), replayable.get("identifier").asText()));
        for (int i = 0; i < raw.size(); i++) {
            HistorySnapshot snapshot = HistorySnapshot.fromJson(raw.get(i).asText());
            assertEquals(decoded.get(i).get("id").asText(), snapshot.id());
            assertEquals(decoded.get(i).get("name").asText(), snapshot.name());
            assertEquals(decoded.get(i).get("identifier").asText(), snapshot.identifier());
            assertEquals(LocalDateTime.of(2026, 11, 22, 2, 7, 57), snapshot.date());
            assertEquals(raw.get(i).asText(), snapshot.toJson());
        }
    }

    @Test
    void numericIdentifiersAreRead() {
        assertEquals("42", HistorySnapshot.fromJson(
                "{\"id\":\"1-0\",\"name\":\"n\",\"identifier\":42,\"date\":\"2026-11-22 02:07:57\"}").identifier());
        assertEquals("1.5", HistorySnapshot.fromJson(
                "{\"id\":\"1-0\",\"name\":\"n\",\"identifier\":1.5,\"date\":\"2026-11-22 02:07:57\"}").identifier());
        assertThrows(IllegalArgumentException.class, () -> HistorySnapshot.fromJson(
                "{\"id\":\"1-0\",\"name\":\"n\",\"identifier\":true,\"date\":\"2026-11-22 02:07:57\"}"));
        assertThrows(IllegalArgumentException.class, () -> HistorySnapshot.fromJson("{oops"));
    }

    @Test
    void writesSlashesAndUnicodeAsPhp() {
        HistorySnapshot snapshot = new HistorySnapshot("1-0", "a/b", "ü", LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        assertEquals("{\"id\":\"1-0\",\"name\":\"a\\/b\",\"identifier\":\"\\u00fc\",\"date\":\"2026-01-02 03:04:05\"}",
                snapshot.toJson());
        assertEquals("a/b-ü", HistorySnapshot.listKey("a/b", "ü"));
    }
}
