package dev.streambus.compat.json;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;

/**
 * Floating-point numbers as PHP writes them with {@code serialize_precision = -1}: {@code php_gcvt} in mode 0
 * (shortest round-trip digits, via Jackson's Schubfach), fixed notation unless the decimal exponent is below -3
 * or above 17.
 */
final class PhpNumberFormat {

    static final String INF_NAN = "Inf and NaN cannot be JSON encoded";

    /** php_gcvt's {@code ndigit} when {@code serialize_precision} is -1. */
    private static final int MAX_FIXED_DECPT = 17;

    private PhpNumberFormat() {
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new PhpJsonException(INF_NAN);
        }
        if (value == 0.0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        return fromJavaNotation(DoubleToDecimal.toString(value));
    }

    /** A Java {@code float}: its own shortest decimal (so {@code 0.1f} is {@code 0.1}), laid out as PHP would. */
    static String format(float value) {
        if (!Float.isFinite(value)) {
            throw new PhpJsonException(INF_NAN);
        }
        if (value == 0.0f) {
            return Float.floatToRawIntBits(value) < 0 ? "-0" : "0";
        }
        return fromJavaNotation(FloatToDecimal.toString(value));
    }

    /**
     * Re-lays out a shortest decimal in Java's {@code Double.toString} notation ({@code -1.5E-7}, {@code 0.001},
     * {@code 123.0}) as php_gcvt does.
     */
    private static String fromJavaNotation(String java) {
        boolean negative = java.charAt(0) == '-';
        String unsigned = negative ? java.substring(1) : java;
        int e = unsigned.indexOf('E');
        String mantissa = e < 0 ? unsigned : unsigned.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(unsigned.substring(e + 1));
        int point = mantissa.indexOf('.');
        String allDigits = point < 0 ? mantissa : mantissa.substring(0, point) + mantissa.substring(point + 1);
        int integerDigits = point < 0 ? mantissa.length() : point;

        int start = 0;
        while (start < allDigits.length() - 1 && allDigits.charAt(start) == '0') {
            start++;
        }
        int end = allDigits.length();
        while (end > start + 1 && allDigits.charAt(end - 1) == '0') {
            end--;
        }
        String digits = allDigits.substring(start, end);
        // value = 0.DIGITS x 10^decpt
        int decpt = integerDigits + exponent - start;

        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (negative) {
            out.append('-');
        }
        if (decpt < 0 ? decpt < -3 : decpt > MAX_FIXED_DECPT) {
            out.append(digits.charAt(0)).append('.');
            out.append(digits.length() > 1 ? digits.substring(1) : "0");
            int exp = decpt - 1;
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        } else if (decpt <= 0) {
            out.append("0.");
            out.append("0".repeat(-decpt));
            out.append(digits);
        } else if (digits.length() <= decpt) {
            out.append(digits);
            out.append("0".repeat(decpt - digits.length()));
        } else {
            out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return out.toString();
    }
}
