package dev.streambus.compat.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.json.PhpJsonException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code emit-errors.json}: payloads PHP refuses to encode; we must refuse them with PHP's message. */
class EmitErrorsTest {

    /**
     * The Java counterpart of each PHP payload {@code ['v' => X]}. PHP's invalid UTF-8 byte string has no Java
     * String form; the nearest Java value with no UTF-8 encoding is an unpaired surrogate.
     */
    private static final Map<String, Object> JAVA_VALUE = Map.of(
            "float_inf", Double.POSITIVE_INFINITY,
            "float_nan", Double.NaN,
            "invalid_utf8", "\ud8001");

    /** Not a JSON encoding error: the PHP model trait fails before any encoding happens. */
    private static final Set<String> NOT_ABOUT_JSON = Set.of("model_without_baseEventName");

    @Test
    void phpRefusalsAreOurRefusals() {
        Set<String> seen = new HashSet<>();
        for (JsonNode errorCase : Fixtures.load("emit-errors.json").get("cases")) {
            String name = errorCase.get("case").asText();
            seen.add(name);
            if (NOT_ABOUT_JSON.contains(name)) {
                continue;
            }
            Object value = JAVA_VALUE.get(name);
            ObjectNode payload = PhpJson.mapper().createObjectNode();
            payload.set("v", PhpJson.mapper().valueToTree(value));
            String expected = errorCase.get("exception").get("message").asText();

            PhpJsonException e = assertThrows(PhpJsonException.class,
                    () -> StreamerMessage.create(MessageType.EVENT, errorCase.get("name").asText(), "php-app",
                            payload, 1795313277L), name);
            assertEquals(expected, e.getMessage(), name);
            assertEquals(expected, assertThrows(PhpJsonException.class,
                    () -> PhpJson.encodeValue(Map.of("v", value))).getMessage(), name);
        }
        Set<String> expectedCases = new HashSet<>(JAVA_VALUE.keySet());
        expectedCases.addAll(NOT_ABOUT_JSON);
        assertEquals(expectedCases, seen, "a new emit-errors case needs a Java counterpart here");
    }
}
