package dev.streambus.compat.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.json.PhpJsonException;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What PHP's {@code Streamer::emit} LPUSHes onto {@code <name>-<identifier>} for a {@code Replayable} event:
 * {@code {"id","name","identifier","date"}} (PHP JSON, date {@code Y-m-d H:i:s}). The list is newest first.
 */
public record HistorySnapshot(String id, String name, String identifier, LocalDateTime date) {

    /** The history list key: {@code <name>-<identifier>}, no escaping, as PHP builds it. */
    public static String listKey(String name, String identifier) {
        return name + "-" + identifier;
    }

    /** PHP's {@code Y-m-d H:i:s}. */
    private static final DateTimeFormatter PHP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** All components are required. */
    public HistorySnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(date, "date");
    }

    /** The list element, byte for byte as PHP writes it; the identifier is always written as a JSON string. */
    public String toJson() {
        ObjectNode node = PhpJson.mapper().createObjectNode();
        node.put("id", id);
        node.put("name", name);
        node.put("identifier", identifier);
        node.put("date", PHP_DATE.format(date));
        return PhpJson.encode(node);
    }

    /**
     * Accepts an identifier stored as a JSON string or number (a number becomes its PHP text, e.g. {@code 42}).
     *
     * @throws IllegalArgumentException naming the element when it is not a history snapshot
     */
    public static HistorySnapshot fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = PhpJson.decode(json);
        } catch (PhpJsonException e) {
            throw invalid(json, "not JSON (" + e.getMessage() + ")", e);
        }
        if (!node.isObject()) {
            throw invalid(json, "not a JSON object", null);
        }
        JsonNode identifier = node.get("identifier");
        String identifierText;
        if (identifier != null && identifier.isTextual()) {
            identifierText = identifier.textValue();
        } else if (identifier != null && identifier.isNumber()) {
            identifierText = PhpJson.encode(identifier);
        } else {
            throw invalid(json, "'identifier' is " + (identifier == null ? "missing" : "not a string or number"),
                    null);
        }
        String date = text(node, "date", json);
        try {
            return new HistorySnapshot(text(node, "id", json), text(node, "name", json), identifierText,
                    LocalDateTime.parse(date, PHP_DATE));
        } catch (DateTimeParseException e) {
            throw invalid(json, "date is not Y-m-d H:i:s", e);
        }
    }

    private static String text(JsonNode node, String member, String json) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw invalid(json, "'" + member + "' is " + (value == null ? "missing" : "not a string"), null);
        }
        return value.textValue();
    }

    private static IllegalArgumentException invalid(String json, String why, Exception cause) {
        String shown = json.length() > 200 ? json.substring(0, 200) + "..." : json;
        return new IllegalArgumentException("not a history snapshot (" + why + "): " + shown, cause);
    }
}
