package dev.streambus.compat.text;

/**
 * Makes a value taken from stream data safe to put in a log line, an exception message or a stored reason: control
 * characters, line and paragraph separators, format characters (bidi overrides, zero-width) and unpaired
 * surrogates are escaped ({@code \n}, {@code \r}, {@code \t}, else {@code \}{@code uXXXX}), and the result is cut
 * after {@code max} characters with a {@code …(+N chars)} marker counting the characters left out.
 *
 * <p>Guarantee: the result contains no character that a terminal or a line-based log reader interprets, so a
 * value cannot start a forged log line or recolour one; its length is at most {@code max} plus one escape or
 * surrogate pair, plus the marker. Printable text is returned unchanged (escaping is idempotent: backslashes are not
 * escaped). The entry itself is never changed; only what is written about it.
 */
public final class Printable {

    /** Bound for a name, a stream key, a field name or an entry id. */
    public static final int NAME = 200;
    /** Bound for a reason or an error message (which may echo data). */
    public static final int MESSAGE = 1_000;

    private Printable() {
    }

    /** {@code value} escaped and bounded to {@code max} characters (plus the marker); {@code "null"} for null. */
    public static String escape(String value, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        if (value == null) {
            return "null";
        }
        if (value.length() <= max && isClean(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 24);
        int i = 0;
        while (i < value.length() && out.length() < max) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = value.codePointAt(i);
                if (needsEscape(Character.getType(cp))) {
                    appendUnicode(out, c).append("\\u").append(hex(value.charAt(i + 1)));
                } else {
                    out.append(c).append(value.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(Character.getType(c))) {
                        appendUnicode(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
            i++;
        }
        if (i < value.length()) {
            out.append("…(+").append(value.length() - i).append(" chars)");
        }
        return out.toString();
    }

    /** {@link #escape(String, int)} with the {@link #NAME} bound. */
    public static String name(String value) {
        return escape(value, NAME);
    }

    /** {@link #escape(String, int)} with the {@link #MESSAGE} bound. */
    public static String message(String value) {
        return escape(value, MESSAGE);
    }

    private static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f && needsEscape(Character.getType(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(int type) {
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }

    private static StringBuilder appendUnicode(StringBuilder out, char c) {
        return out.append("\\u").append(hex(c));
    }

    private static String hex(char c) {
        String h = Integer.toHexString(c);
        return "0000".substring(h.length()) + h;
    }
}
