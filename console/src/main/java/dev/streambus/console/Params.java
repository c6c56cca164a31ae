package dev.streambus.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streambus.redis.EntryId;
import io.javalin.http.Context;

/** Reads and checks request input; every refusal is a 400 naming the parameter and the value. */
final class Params {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Params() {
    }

    static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("missing query parameter '" + name + "'");
        }
        return value;
    }

    static String optional(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    static int count(Context ctx, String name, int fallback, int max) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? fallback : bounded(name, value, max);
    }

    /** A number >= 0, default 0. */
    static int offset(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        if (!value.matches("\\d{1,9}")) {
            throw ApiError.badRequest("'" + name + "' must be a number >= 0, got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    static int bounded(String name, String value, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("'" + name + "' must be a number 1.." + max + ", got '" + value + "'");
    }

    /** An entry id ({@code ms-seq} or {@code ms}) or null; malformed ids are a 400 naming the parameter. */
    static String entryId(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return EntryId.format(EntryId.parse(value));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'" + name + "': " + e.getMessage());
        }
    }

    /** The request body as a JSON object. */
    static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = MAPPER.readTree(ctx.body());
        } catch (Exception e) {
            throw ApiError.badRequest("request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("request body must be a JSON object");
        }
        return body;
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiError.badRequest("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("field '" + field + "' must be a string");
        }
        return value.asText().isEmpty() ? null : value.asText();
    }

    static long number(JsonNode body, String field, long fallback, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        long n;
        if (value.isIntegralNumber()) {
            n = value.asLong();
        } else if (value.isTextual() && value.asText().strip().matches("-?\\d{1,18}")) {
            n = Long.parseLong(value.asText().strip());
        } else {
            throw ApiError.badRequest("field '" + field + "' must be a whole number, got " + value);
        }
        if (n < min || n > max) {
            throw ApiError.badRequest("field '" + field + "' must be " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
