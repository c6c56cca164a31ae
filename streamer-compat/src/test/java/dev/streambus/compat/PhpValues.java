package dev.streambus.compat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Equality of JSON trees as PHP values ({@code ==} on what {@code json_decode($json, true)} gives), used wherever
 * PHP's view and ours must agree:
 *
 * <ul>
 *   <li>numbers compare by value: two integers exactly; if either side is a float, both as doubles (PHP's
 *       int/float comparison), so {@code 1} equals {@code 1.0}, {@code 0} equals {@code -0.0}, and
 *       {@code 9223372036854775808} (kept exactly by us, a float in PHP) equals {@code 9.223372036854776e+18};</li>
 *   <li>an empty object equals an empty array (both are PHP's {@code []});</li>
 *   <li>objects compare member by member in order (PHP arrays are ordered); arrays element by element;</li>
 *   <li>strings, booleans and null by value.</li>
 * </ul>
 */
public final class PhpValues {

    private PhpValues() {
    }

    public static boolean equivalent(JsonNode a, JsonNode b) {
        return difference(a, b, "$") == null;
    }

    /** Fails with the path of the first difference. */
    public static void assertEquivalent(JsonNode expected, JsonNode actual) {
        String difference = difference(expected, actual, "$");
        if (difference != null) {
            throw new AssertionError(difference + "\n expected: " + expected + "\n   actual: " + actual);
        }
    }

    private static String difference(JsonNode a, JsonNode b, String path) {
        if (a.isContainerNode() && b.isContainerNode() && a.isEmpty() && b.isEmpty()) {
            return null;
        }
        if (a.isNumber() && b.isNumber()) {
            boolean same = a.isIntegralNumber() && b.isIntegralNumber()
                    ? a.bigIntegerValue().equals(b.bigIntegerValue())
                    : a.doubleValue() == b.doubleValue();
            return same ? null : path + ": " + a + " != " + b;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return path + ": " + a.getNodeType() + " vs " + b.getNodeType();
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return path + ": " + a.size() + " members vs " + b.size();
            }
            Iterator<Map.Entry<String, JsonNode>> left = a.fields();
            Iterator<Map.Entry<String, JsonNode>> right = b.fields();
            while (left.hasNext()) {
                Map.Entry<String, JsonNode> l = left.next();
                Map.Entry<String, JsonNode> r = right.next();
                if (!l.getKey().equals(r.getKey())) {
                    return path + ": key " + l.getKey() + " vs " + r.getKey();
                }
                String inner = difference(l.getValue(), r.getValue(), path + "." + l.getKey());
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return path + ": " + a.size() + " elements vs " + b.size();
            }
            for (int i = 0; i < a.size(); i++) {
                String inner = difference(a.get(i), b.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path + ": " + a + " != " + b;
    }
}
