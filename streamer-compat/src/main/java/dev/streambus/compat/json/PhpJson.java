package dev.streambus.compat.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

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

    /** PHP's default {@code $depth} for {@code json_encode} and {@code json_decode}. */
    static final int PHP_MAX_DEPTH = 512;

    static final String DEPTH_EXCEEDED = "Maximum stack depth exceeded";

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .characterEscapes(new PhpCharacterEscapes())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PHP_MAX_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(PHP_MAX_DEPTH).build())
            .addDecorator((factory, generator) -> new PhpJsonGenerator(generator))
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private PhpJson() {
    }

    /**
     * The shared mapper for turning Java values into trees and back (records keep component order). It writes
     * through the same PHP generator, so {@code mapper().writeValueAsString(x)} equals {@link #encodeValue} (but
     * a PHP refusal arrives wrapped in Jackson's exception there); it ignores unknown properties when reading,
     * rejects trailing content, and has no extra modules (no {@code java.time}).
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Encodes a JSON tree as PHP would encode the equivalent PHP value. */
    public static String encode(JsonNode value) {
        Objects.requireNonNull(value, "value");
        return encodeValue(value);
    }

    /**
     * Encodes any Jackson-serializable Java value (record, map, list, scalar) as PHP would.
     *
     * @throws PhpJsonException         for values PHP could not encode (NaN, infinities, unpaired surrogates,
     *                                  nesting deeper than 512)
     * @throws IllegalArgumentException when Jackson cannot serialize the value at all
     */
    public static String encodeValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);   // Jackson's recycled buffers; same PHP generator
        } catch (JsonProcessingException e) {
            // Jackson's serializer provider wraps our own refusal; hand it back as PHP would raise it
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PhpJsonException phpRefusal) {
                    throw phpRefusal;
                }
                if (cause instanceof StreamConstraintsException && String.valueOf(cause.getMessage()).contains("depth")) {
                    throw new PhpJsonException(DEPTH_EXCEEDED, e);
                }
            }
            throw new IllegalArgumentException("cannot encode " + describe(value) + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses JSON as PHP's {@code json_decode} accepts it (unescaped UTF-8 and {@code /} are fine, duplicate keys:
     * last wins, integers beyond 64 bits kept exactly).
     *
     * <p>Numbers: integers as int/long nodes (BigInteger beyond 64 bits, where PHP has a float of the same value),
     * every literal with a fraction or exponent as a double node. The one integer literal PHP reads differently is
     * {@code -0}: PHP gives int 0, this gives the float {@code -0.0} (equal by value), so that
     * {@code encode(decode(s))} keeps PHP's own {@code -0} output byte for byte. Nesting deeper than PHP's 512
     * levels is rejected, as {@code json_decode} rejects it.
     *
     * @throws PhpJsonException when the text is not JSON
     */
    public static JsonNode decode(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new PhpJsonException("No content: empty input");
            }
            JsonNode node = PhpTreeReader.read(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new PhpJsonException("Trailing token (" + trailing + ") after the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PhpJsonException(firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
