package dev.streambus.compat.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Builds a tree from Jackson's token stream the way {@code json_decode($json, true)} sees the text, with one
 * deliberate difference kept for byte-exact re-encoding: the integer literal {@code -0} (PHP: int 0) becomes the
 * float {@code -0.0}, which PHP writes back as {@code -0}.
 *
 * <ul>
 *   <li>duplicate keys: the last value wins, at the key's first position (as in a PHP array);</li>
 *   <li>integers that fit 64 bits: int/long nodes; beyond: exact BigInteger nodes (PHP: float);</li>
 *   <li>every literal with a fraction or exponent: a double node ({@code 1.0}, {@code 1e2}).</li>
 * </ul>
 */
final class PhpTreeReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private PhpTreeReader() {
    }

    /** Reads the value at the parser's current token. */
    static JsonNode read(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                    p.nextToken();
                    object.set(key, read(p));
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(read(p));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return integer(p);
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    private static JsonNode integer(JsonParser p) throws IOException {
        switch (p.getNumberType()) {
            case INT:
                int i = p.getIntValue();
                if (i == 0 && p.getText().startsWith("-")) {
                    return NODES.numberNode(-0.0);
                }
                return NODES.numberNode(i);
            case LONG:
                return NODES.numberNode(p.getLongValue());
            default:
                return NODES.numberNode(p.getBigIntegerValue());
        }
    }
}
