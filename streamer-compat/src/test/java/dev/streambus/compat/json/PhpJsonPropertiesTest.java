package dev.streambus.compat.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.PhpValues;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random JSON trees and numbers through PhpJson. "Equal" means {@link PhpValues#equivalent}: numbers by value
 * (an integral double may come back as an integer, {@code -0.0} compares equal to {@code 0}), an empty object
 * equals an empty array, objects in member order.
 */
class PhpJsonPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** php_gcvt shapes: fixed without a trailing fraction zero, or d.ddd e±x with no leading exponent zeros. */
    private static final Pattern PHP_FLOAT = Pattern.compile(
            "-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?|-?[1-9]\\.([0-9]*[1-9]|0)e[+-][1-9][0-9]*");

    @Property
    void encodedTreesDecodeToThemselvesAndReEncodeToTheSameBytes(@ForAll("trees") JsonNode tree) {
        String encoded = PhpJson.encode(tree);
        assertPhpAscii(encoded);

        JsonNode decoded = PhpJson.decode(encoded);
        assertTrue(PhpValues.equivalent(tree, decoded), () -> tree + "\n -> " + encoded + "\n -> " + decoded);
        assertEquals(encoded, PhpJson.encode(decoded));
    }

    @Property
    void doublesRoundTripExactlyInPhpShape(@ForAll("doubles") double value) {
        String php = PhpNumberFormat.format(value);
        assertTrue(PHP_FLOAT.matcher(php).matches(), php);
        assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(Double.parseDouble(php)), php);
        // shortest round-trip digits: never more than 17 significant ones
        String significant = php.replaceAll("e.*", "").replaceAll("[^0-9]", "").replaceAll("^0+|0+$", "");
        assertTrue(significant.length() <= 17, php);
    }

    @Property
    void floatsRoundTripAsFloats(@ForAll float value) {
        String php = PhpNumberFormat.format(value);
        assertTrue(PHP_FLOAT.matcher(php).matches(), php);
        assertEquals(Float.floatToIntBits(value), Float.floatToIntBits(Float.parseFloat(php)), php);
    }

    /** Pure ASCII, no raw control characters, no bare {@code /}, only PHP's escapes with lowercase hex. */
    static void assertPhpAscii(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            assertTrue(c >= 0x20 && c < 0x80, () -> "raw char " + (int) c + " in " + json);
            assertTrue(c != '/', () -> "bare / in " + json);
            if (c == '\\') {
                char escape = json.charAt(++i);
                assertTrue("\"\\/bfnrtu".indexOf(escape) >= 0, () -> "escape " + escape + " in " + json);
                if (escape == 'u') {
                    String hex = json.substring(i + 1, i + 5);
                    assertTrue(hex.matches("[0-9a-f]{4}"), () -> "\\u" + hex + " in " + json);
                    i += 4;
                }
            }
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.recursive(this::leaves, inner -> Arbitraries.frequencyOf(
                Tuple.of(2, leaves()),
                Tuple.of(1, arrays(inner)),
                Tuple.of(2, objects(inner))), 0, 8);
    }

    private Arbitrary<JsonNode> arrays(Arbitrary<JsonNode> elements) {
        return elements.list().ofMaxSize(4).map(list -> {
            ArrayNode array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        });
    }

    private Arbitrary<JsonNode> objects(Arbitrary<JsonNode> values) {
        return Combinators.combine(strings(), values).as(Tuple::of).list().ofMaxSize(4).map(members -> {
            ObjectNode object = NODES.objectNode();
            members.forEach(m -> object.set(m.get1(), m.get2()));
            return object;
        });
    }

    private Arbitrary<JsonNode> leaves() {
        return Arbitraries.oneOf(List.of(
                strings().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L << 53, (1L << 53) + 1)
                        .map(NODES::numberNode),
                Arbitraries.integers().map(NODES::numberNode),
                doubles().map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(),
                        NODES.objectNode(), NODES.arrayNode())));
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.doubles(),
                // every bit pattern: subnormals, huge, tiny, both signs
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.longs().between(-(1L << 60), 1L << 60).map(l -> (double) l),
                Arbitraries.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL,
                        1e-7, 1e-5, 1e-4, 1e15, 1e16, 1e17, 1e20, 0.1, 0.1 + 0.2, 49.99, 9.223372036854776e18)));
    }

    private Arbitrary<String> strings() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(3, Arbitraries.of((int) '/', (int) '"', (int) '\\', (int) '<', (int) '>', (int) '&',
                        (int) '\'', 0x7f)),
                Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xffff)
                        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
        return codePoints.list().ofMaxSize(10).map(cps -> {
            StringBuilder s = new StringBuilder();
            cps.forEach(s::appendCodePoint);
            return s.toString();
        });
    }
}
