package dev.streambus.compat.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reading one of the small JSON records PHP keeps in Redis (a failed-message SET member, a history snapshot):
 * a JSON object with string members and a {@code Y-m-d H:i:s} date. Errors name the kind of record and quote the
 * text (cut to 200 characters).
 */
public final class PhpRecord {

    /** PHP's {@code Y-m-d H:i:s}. */
    public static final DateTimeFormatter PHP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String kind;
    private final String json;
    private final JsonNode node;

    private PhpRecord(String kind, String json, JsonNode node) {
        this.kind = kind;
        this.json = json;
        this.node = node;
    }

    /**
     * @param kind what the record should be, for error messages, e.g. {@code "a failed_stream member"}
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static PhpRecord parse(String kind, String json) {
        JsonNode node;
        try {
            node = PhpJson.decode(json);
        } catch (PhpJsonException e) {
            throw invalid(kind, json, "not JSON (" + e.getMessage() + ")", e);
        }
        if (!node.isObject()) {
            throw invalid(kind, json, "not a JSON object", null);
        }
        return new PhpRecord(kind, json, node);
    }

    /** A member that must be a JSON string. */
    public String text(String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw invalid("'" + member + "' is " + (value == null ? "missing" : "not a string"), null);
        }
        return value.textValue();
    }

    /** A member that may be a JSON string or number; a number becomes its PHP text, e.g. {@code 42}. */
    public String textOrNumber(String member) {
        JsonNode value = node.get(member);
        if (value != null && value.isNumber()) {
            return PhpJson.encode(value);
        }
        if (value == null || !value.isTextual()) {
            throw invalid("'" + member + "' is " + (value == null ? "missing" : "not a string or number"), null);
        }
        return value.textValue();
    }

    /** A member holding PHP's {@code Y-m-d H:i:s}. */
    public LocalDateTime date(String member) {
        String text = text(member);
        try {
            return LocalDateTime.parse(text, PHP_DATE);
        } catch (DateTimeParseException e) {
            throw invalid(member + " is not Y-m-d H:i:s", e);
        }
    }

    private IllegalArgumentException invalid(String why, Exception cause) {
        return invalid(kind, json, why, cause);
    }

    private static IllegalArgumentException invalid(String kind, String json, String why, Exception cause) {
        String shown = json.length() > 200 ? json.substring(0, 200) + "..." : json;
        return new IllegalArgumentException("not " + kind + " (" + why + "): " + shown, cause);
    }
}
