package dev.streambus.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the golden vectors under {@code src/test/resources/laravel-streamer/}. Files are read with a plain Jackson
 * mapper (not PhpJson), so the fixture's own number literals are kept: {@code 1.0} is a DoubleNode, {@code 1} an
 * int node, {@code 9223372036854775807} a LongNode.
 */
public final class Fixtures {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String ROOT = "/laravel-streamer/";

    private Fixtures() {
    }

    public static JsonNode load(String relativePath) {
        try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + relativePath)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + ROOT + relativePath);
            }
            return PLAIN.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every case file listed in {@code index.json}, in index order. */
    public static List<JsonNode> cases() {
        List<JsonNode> cases = new ArrayList<>();
        for (JsonNode entry : load("index.json").get("cases")) {
            cases.add(load(entry.get("file").asText()));
        }
        return cases;
    }

    /**
     * A case file's recorded stream entries. {@code archive_restore.json} keeps them under {@code original} and
     * {@code restored}; every other case under {@code entries}.
     */
    public static List<JsonNode> entries(JsonNode caseFile) {
        List<JsonNode> entries = new ArrayList<>();
        if (caseFile.has("entries")) {
            caseFile.get("entries").forEach(entries::add);
        }
        for (String part : List.of("original", "restored")) {
            if (caseFile.has(part)) {
                caseFile.get(part).get("entries").forEach(entries::add);
            }
        }
        return entries;
    }

    /** The {@code data_json_decoded} record PHP made for entry {@code id}, wherever in the case file it sits. */
    public static JsonNode decodedData(JsonNode caseFile, String id) {
        List<JsonNode> lists = new ArrayList<>();
        lists.add(caseFile.get("data_json_decoded"));
        for (String part : List.of("original", "restored")) {
            if (caseFile.has(part)) {
                lists.add(caseFile.get(part).get("data_json_decoded"));
            }
        }
        for (JsonNode list : lists) {
            if (list == null) {
                continue;
            }
            for (JsonNode decoded : list) {
                if (decoded.get("id").asText().equals(id)) {
                    return decoded.get("data");
                }
            }
        }
        throw new IllegalArgumentException("no data_json_decoded for " + id + " in " + caseFile.get("case"));
    }

    /** An entry's {@code fields} ({@code [[field, value], ...]}) as an ordered map. */
    public static LinkedHashMap<String, String> fields(JsonNode entry) {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (JsonNode pair : entry.get("fields")) {
            String previous = fields.put(pair.get(0).asText(), pair.get(1).asText());
            if (previous != null) {
                throw new IllegalStateException("duplicate field " + pair.get(0) + " in " + entry.get("id"));
            }
        }
        return fields;
    }

    /** A JSON object of strings (e.g. a PHP {@code getContent()} without {@code data}) as an ordered map. */
    public static Map<String, JsonNode> members(JsonNode object) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue()));
        return members;
    }
}
