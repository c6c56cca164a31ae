package dev.streambus.compat.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailedMessageTest {

    @Test
    void phpsSetMemberRoundTripsByteForByte() {
        JsonNode recorded = Fixtures.load("failed-message.json");
        assertEquals(FailedMessage.SET_KEY, recorded.get("failed_stream_key").asText());
        JsonNode members = recorded.get("failed_stream_smembers_added");
        assertEquals(1, members.size());
        for (JsonNode member : members) {
            String raw = member.get("raw").asText();
            FailedMessage message = FailedMessage.fromJson(raw);

            JsonNode decoded = member.get("decoded");
            assertEquals(decoded.get("id").asText(), message.id());
            assertEquals(decoded.get("stream").asText(), message.stream());
            assertEquals(decoded.get("receiver").asText(), message.receiver());
            assertEquals(decoded.get("error").asText(), message.error());
            assertEquals(LocalDateTime.of(2026, 11, 22, 2, 7, 58), message.date());
            assertEquals(raw, message.toJson());
        }
    }

    @Test
    void javaClassNamesAndMessagesAreWrittenAsPhpWould() {
        FailedMessage message = new FailedMessage("1-0", "orders", "com.example.Listener$1",
                "bad/path \"x\" — ü", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 999_000_000));
        assertEquals("{\"id\":\"1-0\",\"stream\":\"orders\",\"receiver\":\"com.example.Listener$1\","
                + "\"error\":\"bad\\/path \\\"x\\\" \\u2014 \\u00fc\",\"date\":\"2026-01-02 03:04:05\"}", message.toJson());
        FailedMessage back = FailedMessage.fromJson(message.toJson());
        assertEquals(message.toJson(), back.toJson());
        assertEquals(message.date().withNano(0), back.date());
    }

    @Test
    void somethingElseIsRejectedNamingTheMember() {
        String longJunk = "{" + "x".repeat(500);
        for (String bad : List.of("not json", "[]", "{\"id\":\"1-0\"}", longJunk,
                "{\"id\":1,\"stream\":\"s\",\"receiver\":\"r\",\"error\":\"e\",\"date\":\"2026-01-02 03:04:05\"}",
                "{\"id\":\"1\",\"stream\":\"s\",\"receiver\":\"r\",\"error\":\"e\",\"date\":\"yesterday\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailedMessage.fromJson(bad));
            assertTrue(e.getMessage().contains(bad.substring(0, Math.min(bad.length(), 200))), e.getMessage());
            assertTrue(e.getMessage().length() < 400, e.getMessage());
        }
    }
}
