package dev.streambus.compat.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.PhpValues;
import dev.streambus.compat.json.PhpJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every case under {@code cases/}: what PHP wrote must be what we write, and what PHP read what we read. */
class GoldenVectorsTest {

    static Stream<Arguments> cases() {
        return Fixtures.cases().stream().map(c -> Arguments.of(c.get("case").asText(), c));
    }

    static Stream<Arguments> casesWithInput() {
        return cases().filter(a -> ((JsonNode) a.get()[1]).has("input"));
    }

    /** Field pairs in order, so that order differences fail (LinkedHashMap.equals ignores order). */
    static List<List<String>> pairs(Map<String, String> fields) {
        List<List<String>> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(List.of(k, v)));
        return pairs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithInput")
    void encodingTheInputGivesTheRecordedEntry(String name, JsonNode caseFile) {
        JsonNode input = caseFile.get("input");
        List<JsonNode> entries = Fixtures.entries(caseFile);
        assertEquals(1, entries.size());
        Map<String, String> recorded = Fixtures.fields(entries.get(0));

        MessageType type = MessageType.fromWire(input.get("event_class_type").asText());
        assertEquals(input.get("event_class_type").asText(), type.wireName());
        JsonNode domain = input.get("config_streamer_domain");
        StreamerMessage message = StreamerMessage.create(type, input.get("name").asText(),
                domain.isNull() ? null : domain.asText(), input.get("payload"),
                Long.parseLong(recorded.get(StreamerMessage.CREATED)));

        assertEquals(pairs(recorded), pairs(message.fields()));
        assertEquals(recorded.get("data"), message.data());
        assertEquals(recorded.get("hash"), message.hash());
    }

    @Test
    void replayablePayloadsGiveTheRecordedEntries() {
        JsonNode caseFile = Fixtures.load("cases/replayable.json");
        JsonNode payloads = caseFile.get("input_payloads");
        List<JsonNode> entries = Fixtures.entries(caseFile);
        assertEquals(payloads.size(), entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> recorded = Fixtures.fields(entries.get(i));
            StreamerMessage message = StreamerMessage.create(MessageType.EVENT, caseFile.get("stream").asText(),
                    recorded.get("domain"), payloads.get(i), Long.parseLong(recorded.get("created")));
            assertEquals(pairs(recorded), pairs(message.fields()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reEncodingTheRecordedDataGivesTheRecordedEntry(String name, JsonNode caseFile) {
        for (JsonNode entry : Fixtures.entries(caseFile)) {
            Map<String, String> recorded = Fixtures.fields(entry);
            String data = recorded.get("data");
            assertEquals(data, PhpJson.encode(PhpJson.decode(data)), entry.get("id").asText());
            assertEquals(recorded.get("hash"), StreamerMessage.hash(recorded.get("type"), recorded.get("name"),
                    recorded.get("domain"), data));

            StreamerMessage message = StreamerMessage.create(MessageType.fromWire(recorded.get("type")),
                    recorded.get("name"), recorded.get("domain"), PhpJson.decode(data),
                    Long.parseLong(recorded.get("created")));
            if (recorded.containsKey(StreamerMessage.ORIGINAL_ID)) {
                message = message.withOriginalId(recorded.get(StreamerMessage.ORIGINAL_ID));
            }
            assertEquals(pairs(recorded), pairs(message.fields()));
        }
    }

    @Test
    void archiveRestoreIsReproducedWithOriginalId() {
        JsonNode caseFile = Fixtures.load("cases/archive_restore.json");
        JsonNode original = caseFile.get("original").get("entries").get(0);
        Map<String, String> originalFields = Fixtures.fields(original);
        Map<String, String> restored = Fixtures.fields(caseFile.get("restored").get("entries").get(0));

        // the archive loses the type (notification -> event) and keeps name, domain, created and data
        StreamerMessage restoredByUs = StreamerMessage.create(MessageType.EVENT, originalFields.get("name"),
                        originalFields.get("domain"), PhpJson.decode(originalFields.get("data")),
                        Long.parseLong(originalFields.get("created")))
                .withOriginalId(original.get("id").asText());

        assertEquals("notification", originalFields.get("type"));
        assertEquals(pairs(restored), pairs(restoredByUs.fields()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodingGivesWhatPhpDecoded(String name, JsonNode caseFile) {
        String stream = caseFile.get("stream").asText();
        for (JsonNode entry : Fixtures.entries(caseFile)) {
            String id = entry.get("id").asText();
            Map<String, String> fields = Fixtures.fields(entry);
            ReceivedMessage received = MessageDecoder.decode(stream, id, fields);

            PhpValues.assertEquivalent(Fixtures.decodedData(caseFile, id), received.data());
            assertEquals(id, received.id());
            assertEquals(fields.get("name"), received.name());
            assertEquals(fields.get("type"), received.type().wireName());
            assertEquals(fields.get("data"), received.rawData());
            assertEquals(Long.valueOf(fields.get("created")), received.created());
            assertEquals(fields.get(StreamerMessage.ORIGINAL_ID), received.originalId());
        }
    }

    /** {@code listen-emitted.json}: what PHP's ReceivedMessage returned for every golden stream entry. */
    @Test
    void decodingMatchesPhpsReceivedMessage() {
        JsonNode report = Fixtures.load("listen-emitted.json");
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        report.get("received").forEach(r -> byId.put(r.get("getId").asText(), r));
        Set<String> checked = new HashSet<>();

        report.get("streams").fields().forEachRemaining(stream -> {
            for (JsonNode entry : stream.getValue().get("entries")) {
                String id = entry.get("id").asText();
                JsonNode php = byId.get(id);
                assertNotNull(php, "PHP received no " + id);
                ReceivedMessage received = MessageDecoder.decode(stream.getKey(), id, Fixtures.fields(entry));

                assertEquals(php.get("getEventName").asText(), received.name());
                PhpValues.assertEquivalent(php.get("getData"), received.data());
                assertContentAsPhp(php.get("getContent"), received);
                checked.add(id);
            }
        });
        assertEquals(byId.keySet(), checked);
        assertEquals(report.get("received_count").asInt(), checked.size());
    }

    /** PHP's getContent(): same keys in the same order, strings equal, {@code data} decoded there. */
    static void assertContentAsPhp(JsonNode phpContent, ReceivedMessage received) {
        Map<String, JsonNode> php = Fixtures.members(phpContent);
        assertEquals(List.copyOf(php.keySet()), List.copyOf(received.content().keySet()), received.id());
        php.forEach((key, value) -> {
            if (key.equals(StreamerMessage.DATA)) {
                assertEquals(received.rawData(), received.content().get(key));
                if (value.isContainerNode() || value.isNull()) {
                    PhpValues.assertEquivalent(value.isNull() ? PhpJson.mapper().createObjectNode() : value,
                            received.data());
                }
            } else {
                assertTrue(value.isTextual(), key);
                assertEquals(value.asText(), received.content().get(key), key);
            }
        });
        assertFalse(received.content().isEmpty());
    }
}
