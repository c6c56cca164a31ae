package dev.streambus.compat.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.json.PhpRecord;

import java.time.LocalDateTime;
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
        node.put("date", PhpRecord.PHP_DATE.format(date));
        return PhpJson.encode(node);
    }

    /**
     * Accepts an identifier stored as a JSON string or number (a number becomes its PHP text, e.g. {@code 42}).
     *
     * @throws IllegalArgumentException naming the element when it is not a history snapshot
     */
    public static HistorySnapshot fromJson(String json) {
        Objects.requireNonNull(json, "json");
        PhpRecord record = PhpRecord.parse("a history snapshot", json);
        return new HistorySnapshot(record.text("id"), record.text("name"), record.textOrNumber("identifier"),
                record.date("date"));
    }
}
