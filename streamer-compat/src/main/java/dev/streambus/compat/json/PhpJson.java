package dev.streambus.compat.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON exactly as PHP's {@code json_encode($value)} with default flags writes it, built on Jackson.
 *
 * <p>Guarantees: {@code /} is written as {@code \/}; every non-ASCII character as lowercase
 * {@code \}{@code uXXXX} (astral characters as a surrogate pair), so the output is pure ASCII; no whitespace;
 * object keys in the order given; floats in PHP's shortest round-trip form ({@code 1.0 -> 1},
 * {@code 1e20 -> 1.0e+20}, {@code 1e-7 -> 1.0e-7}, {@code -0.0 -> -0}); integers to 64 bits, larger ones as PHP
 * would see them (floats). NaN, infinities and unpaired surrogates are rejected with
 * {@link PhpJsonException}, as {@code json_encode(..., JSON_THROW_ON_ERROR)} does.
 *
 * <p>Thread-safe; one shared instance is enough.
 */
public final class PhpJson {

    private PhpJson() {
    }

    /** The shared mapper for turning Java values into trees and back (records keep component order). */
    public static ObjectMapper mapper() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Encodes a JSON tree as PHP would encode the equivalent PHP value. */
    public static String encode(JsonNode value) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Encodes any Jackson-serializable Java value (record, map, list, scalar) as PHP would. */
    public static String encodeValue(Object value) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Parses JSON as PHP's {@code json_decode} accepts it (unescaped UTF-8 and {@code /} are fine, duplicate keys:
     * last wins, integers beyond 64 bits kept exactly).
     *
     * @throws PhpJsonException when the text is not JSON
     */
    public static JsonNode decode(String json) {
        throw new UnsupportedOperationException("TODO");
    }
}
