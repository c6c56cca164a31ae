package dev.streambus.compat.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.PhpValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-made entries of {@code fixture.malformed} and what PHP's listener did with each. */
class MalformedEntriesTest {

    private static final String STREAM = "fixture.malformed";

    /** label -> {field, reason prefix} of the rejection we must raise; labels not listed must decode. */
    private static final Map<String, List<String>> REJECTED = Map.of(
            "data_invalid_json", List.of("data", "not JSON ("),
            "live_invalid_json", List.of("data", "not JSON ("),
            "data_empty_string", List.of("data", "not JSON ("),
            "data_missing", List.of("data", "missing"),
            "data_scalar_int", List.of("data", "not a JSON object or array (number)"),
            "data_json_string", List.of("data", "not a JSON object or array (string)"),
            "name_missing", List.of("name", "missing"));

    private static final JsonNode REPORT = Fixtures.load("listen-malformed.json");

    static Stream<Arguments> entries() {
        Map<String, String> labels = new HashMap<>();
        Fixtures.load("malformed-entries.json").get("entries")
                .forEach(e -> labels.put(e.get("id").asText(), e.get("label").asText()));
        JsonNode entries = REPORT.get("streams").get(STREAM).get("entries");
        assertEquals(labels.size(), entries.size());
        return java.util.stream.StreamSupport.stream(entries.spliterator(), false)
                .map(e -> Arguments.of(labels.get(e.get("id").asText()), e));
    }

    private static JsonNode phpReceived(String id) {
        for (JsonNode received : REPORT.get("received")) {
            if (received.get("getId").asText().equals(id)) {
                return received;
            }
        }
        return null;
    }

    private static boolean phpLoggedFailure(String id) {
        for (JsonNode log : REPORT.get("log")) {
            if (log.get("message").asText().contains("message with ID " + id + " ")) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void decodesOrRejectsAsPhpsListenerDoes(String label, JsonNode entry) {
        String id = entry.get("id").asText();
        LinkedHashMap<String, String> fields = Fixtures.fields(entry);
        JsonNode php = phpReceived(id);
        List<String> rejection = REJECTED.get(label);

        if (rejection != null) {
            // PHP agrees the entry is unusable: it logged it, its getData() threw, or (no name) no handler matched
            boolean phpRefused = phpLoggedFailure(id) || (php != null && php.has("getData_exception"))
                    || (php == null && !fields.containsKey("name"));
            assertTrue(phpRefused, label);

            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> MessageDecoder.decode(STREAM, id, fields));
            assertEquals(STREAM, e.stream());
            assertEquals(id, e.entryId());
            assertEquals(rejection.get(0), e.field());
            assertTrue(e.reason().startsWith(rejection.get(1)), e.reason());
            assertEquals("stream '" + STREAM + "' entry " + id + " field '" + rejection.get(0) + "': " + e.reason(),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            return;
        }

        ReceivedMessage message = MessageDecoder.decode(STREAM, id, fields);
        assertEquals(fields.get("name"), message.name());
        assertEquals(fields.get("data"), message.rawData());
        if (php == null) {
            // only an entry for another event goes undelivered without an error
            assertEquals("name_mismatch", label);
            assertEquals("other.event", message.name());
            return;
        }
        PhpValues.assertEquivalent(php.get("getData"), message.data());
        GoldenVectorsTest.assertContentAsPhp(php.get("getContent"), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void decodedValuesInDetail(String label, JsonNode entry) {
        String id = entry.get("id").asText();
        if (REJECTED.containsKey(label)) {
            return;
        }
        ReceivedMessage message = MessageDecoder.decode(STREAM, id, Fixtures.fields(entry));
        JsonNode data = message.data();
        switch (label) {
            case "duplicate_keys" -> assertEquals("{\"a\":2}", data.toString());
            case "bigint_over_int64" -> {
                assertInstanceOf(BigIntegerNode.class, data.get("n"));
                assertEquals(BigInteger.ONE.shiftLeft(63), data.get("n").bigIntegerValue());
                assertEquals(9007199254740993L, data.get("m").longValue());
                assertTrue(data.get("f").isDouble() && data.get("e").isDouble());
            }
            case "unescaped_unicode_slash" -> {
                assertEquals("é/日本 😀", data.get("u").textValue());
                assertEquals("é/", data.get("esc").textValue());
            }
            case "data_json_null" -> assertTrue(data.isObject() && data.isEmpty());
            case "data_json_object_empty" -> assertTrue(data.isObject() && data.isEmpty());
            case "bogus_underscore_id" -> {
                assertEquals(List.of("_id", "name", "data"), List.copyOf(message.content().keySet()));
                assertEquals(id, message.content().get("_id"));
            }
            case "extra_fields_ms_created" -> {
                assertEquals(1795300000123L, message.created());
                assertEquals(MessageType.EVENT, message.type());
                assertEquals("yes", message.content().get("extra"));
                assertEquals(List.of("name", "data", "created", "extra", "type", "_id"),
                        List.copyOf(message.content().keySet()));
            }
            case "full_valid" -> {
                assertEquals("other-app", message.domain());
                assertEquals("1.3", message.version());
                assertEquals(1795300000L, message.created());
            }
            case "minimal_name_data", "live_valid", "name_mismatch" -> {
                assertNull(message.version());
                assertNull(message.domain());
                assertNull(message.created());
                assertEquals(MessageType.EVENT, message.type());
            }
            default -> throw new AssertionError("unexpected label " + label);
        }
    }
}
