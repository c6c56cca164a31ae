package dev.streambus.compat.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhpJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1.0                    | 1",
            "-0.0                   | -0",
            "0.0                    | 0",
            "49.99                  | 49.99",
            "0.30000000000000004    | 0.30000000000000004",
            "-12.5                  | -12.5",
            "1e15                   | 1000000000000000",
            "1e17                   | 1.0e+17",
            "9.9999999999999998e16  | 1.0e+17",
            "12345678901234567      | 12345678901234568",
            "1e20                   | 1.0e+20",
            "1.5e300                | 1.5e+300",
            "1e-7                   | 1.0e-7",
            "1e-5                   | 1.0e-5",
            "0.0001                 | 0.0001",
            "0.001                  | 0.001",
            "0.5                    | 0.5",
            "-0.00012               | -0.00012",
            "9.223372036854776e18   | 9.223372036854776e+18",
            "1.7976931348623157e308 | 1.7976931348623157e+308",
            "2.2250738585072014e-308| 2.2250738585072014e-308",
            "2.0e-3                 | 0.002",
            "1.0e23                 | 1.0e+23",
            "123456.789             | 123456.789",
    })
    void doublesAsPhpWritesThem(double value, String php) {
        assertEquals(php, PhpNumberFormat.format(value));
        assertEquals(php, PhpJson.encode(DoubleNode.valueOf(value)));
        assertEquals(php, PhpJson.encodeValue(value));
    }

    /**
     * Issue 17: k x 2<sup>-1074</sup> where one digit reads back but Java's {@code Double.toString} rule (Schubfach)
     * keeps two closer ones ({@code 4.9e-324}); PHP's zend_dtoa mode 0 writes the one digit. 3, 9 and 11 are
     * controls where two digits are the shortest.
     */
    @ParameterizedTest(name = "{0} x 2^-1074 -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1  | 5.0e-324",
            "2  | 1.0e-323",
            "10 | 5.0e-323",
            "12 | 6.0e-323",
            "14 | 7.0e-323",
            "16 | 8.0e-323",
            "18 | 9.0e-323",
            "20 | 1.0e-322",
            "3  | 1.5e-323",
            "9  | 4.4e-323",
            "11 | 5.4e-323",
    })
    void smallSubnormalsAsPhpWritesThem(int multiple, String php) {
        double value = multiple * Double.MIN_VALUE;
        assertEquals(php, PhpNumberFormat.format(value));
        assertEquals("-" + php, PhpNumberFormat.format(-value));
        assertEquals(php, PhpJson.encode(DoubleNode.valueOf(value)));
    }

    @Test
    void floatsUseTheirOwnShortestDecimal() {
        assertEquals("0.1", PhpJson.encodeValue(0.1f));
        assertEquals("1", PhpJson.encodeValue(1.0f));
        assertEquals("1.0e+20", PhpJson.encodeValue(1e20f));
        assertEquals("-0", PhpJson.encodeValue(-0.0f));
        // Float.toString says 1.4E-45, but one digit reads back
        assertEquals("1.0e-45", PhpJson.encodeValue(Float.MIN_VALUE));
    }

    @Test
    void integersAndBigNumbers() {
        assertEquals("[9223372036854775807,-9223372036854775808,42,7]",
                PhpJson.encodeValue(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 42, (short) 7)));
        assertEquals("9223372036854775807", PhpJson.encode(BigIntegerNode.valueOf(BigInteger.valueOf(Long.MAX_VALUE))));
        assertEquals("9.223372036854776e+18", PhpJson.encode(BigIntegerNode.valueOf(BigInteger.ONE.shiftLeft(63))));
        assertEquals("49.99", PhpJson.encodeValue(new BigDecimal("49.990")));
        assertEquals("1.0e+20", PhpJson.encodeValue(new BigDecimal("1E+20")));
    }

    @Test
    void infinitiesAndNaNAreRejectedWithPhpsMessage() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            PhpJsonException e = assertThrows(PhpJsonException.class, () -> PhpJson.encode(DoubleNode.valueOf(bad)));
            assertEquals("Inf and NaN cannot be JSON encoded", e.getMessage());
        }
        PhpJsonException e = assertThrows(PhpJsonException.class, () -> PhpJson.encodeValue(Map.of("v", Float.NaN)));
        assertEquals("Inf and NaN cannot be JSON encoded", e.getMessage());
        // a BigInteger beyond double range is INF in PHP
        assertThrows(PhpJsonException.class, () -> PhpJson.encode(BigIntegerNode.valueOf(BigInteger.TEN.pow(400))));
    }

    @Test
    void stringEscapes() {
        assertEquals("\"a\\/b \\\" \\\\ <b>&amp;<\\/b> it's\"", PhpJson.encode(TextNode.valueOf("a/b \" \\ <b>&amp;</b> it's")));
        assertEquals("\"\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f\\u007f\"".replace("\\u007f", "\u007f"),
                PhpJson.encode(TextNode.valueOf("\b\f\n\r\t\u0000\u0001\u001f\u007f")));
        assertEquals("\"\\u00e9\\u65e5\\u672c\\u2014\\ud83d\\ude00\\uffff\"",
                PhpJson.encode(TextNode.valueOf("é日本—😀\uffff")));
    }

    @Test
    void keysAreEscapedLikeValues() {
        ObjectNode node = NODES.objectNode();
        node.put("key/with/slash", "v");
        node.put("ключ", "😀");
        assertEquals("{\"key\\/with\\/slash\":\"v\",\"\\u043a\\u043b\\u044e\\u0447\":\"\\ud83d\\ude00\"}",
                PhpJson.encode(node));
    }

    @Test
    void unpairedSurrogatesAreRejectedWithPhpsMessage() {
        for (String bad : List.of("\ud800", "a\ud8001", "\ude00x", "x\ude00\ud83d")) {
            PhpJsonException e = assertThrows(PhpJsonException.class, () -> PhpJson.encode(TextNode.valueOf(bad)));
            assertEquals("Malformed UTF-8 characters, possibly incorrectly encoded", e.getMessage());
            ObjectNode key = NODES.objectNode();
            key.put(bad, 1);
            assertThrows(PhpJsonException.class, () -> PhpJson.encode(key));
        }
    }

    record Address(String city, String zip) {
    }

    record Person(String name, int age, double score, Address address, List<String> tags, String nothing) {
    }

    @Test
    void javaValuesGoThroughThePhpGeneratorInDeclarationOrder() throws Exception {
        Person person = new Person("Zoë/x", 30, 1.0, new Address("Kraków", "30-001"), List.of("a/b"), null);
        String expected = "{\"name\":\"Zo\\u00eb\\/x\",\"age\":30,\"score\":1,"
                + "\"address\":{\"city\":\"Krak\\u00f3w\",\"zip\":\"30-001\"},\"tags\":[\"a\\/b\"],\"nothing\":null}";
        assertEquals(expected, PhpJson.encodeValue(person));
        assertEquals(expected, PhpJson.mapper().writeValueAsString(person));
        assertEquals(expected, new String(PhpJson.mapper().writeValueAsBytes(person), StandardCharsets.UTF_8));
        assertEquals(expected, PhpJson.encode(PhpJson.mapper().valueToTree(person)));

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", new byte[]{(byte) 0xfb, (byte) 0xff}); // Base64 "+/8=": the slash is escaped too
        assertEquals("{\"z\":1,\"a\":\"+\\/8=\"}", PhpJson.encodeValue(map));
        assertEquals("null", PhpJson.encodeValue(null));
    }

    @Test
    void decodeIsLenientWherePhpIs() {
        JsonNode node = PhpJson.decode(" {\"a\":1,\"a\":2,\"u\":\"é/\",\"big\":123456789012345678901234567890,"
                + "\"f\":1.0,\"e\":1e2,\"max\":9223372036854775807} ");
        assertEquals(2, node.get("a").intValue());
        assertEquals("é/", node.get("u").textValue());
        assertInstanceOf(BigIntegerNode.class, node.get("big"));
        assertEquals(new BigInteger("123456789012345678901234567890"), node.get("big").bigIntegerValue());
        assertInstanceOf(DoubleNode.class, node.get("f"));
        assertInstanceOf(DoubleNode.class, node.get("e"));
        assertEquals(Long.MAX_VALUE, node.get("max").longValue());
        assertEquals(6, node.size());
        assertTrue(PhpJson.decode("null").isNull());
        assertEquals(42, PhpJson.decode("42").intValue());
    }

    @Test
    void decodeRejectsWhatIsNotJson() {
        for (String bad : List.of("", "   ", "{not json", "{oops", "{} x", "[1,]", "01", "NaN", "'a'", "{\"a\":1}}")) {
            PhpJsonException e = assertThrows(PhpJsonException.class, () -> PhpJson.decode(bad), bad);
            assertTrue(!e.getMessage().isEmpty() && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void negativeZeroLiteralKeepsItsBytes() {
        JsonNode node = PhpJson.decode("{\"z\":-0,\"zero\":0,\"fz\":-0.0}");
        assertEquals("{\"z\":-0,\"zero\":0,\"fz\":-0}", PhpJson.encode(node));
        assertInstanceOf(DoubleNode.class, node.get("z"));
        assertEquals(0, node.get("zero").intValue());
    }

    @Test
    void nestingIsLimitedToPhpsDefaultDepth() {
        String ok = "[".repeat(512) + "]".repeat(512);
        String tooDeep = "[".repeat(513) + "]".repeat(513);
        assertEquals(ok, PhpJson.encode(PhpJson.decode(ok)));
        assertThrows(PhpJsonException.class, () -> PhpJson.decode(tooDeep));

        JsonNode deep = NODES.arrayNode();
        for (int i = 1; i < 512; i++) {
            deep = NODES.arrayNode().add(deep);
        }
        assertEquals(ok, PhpJson.encode(deep));
        PhpJsonException e = assertThrows(PhpJsonException.class, () -> PhpJson.encode(NODES.arrayNode().add(
                PhpJson.decode(ok))));
        assertEquals("Maximum stack depth exceeded", e.getMessage());
    }
}
