package dev.streambus.compat.json;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

/**
 * Floating-point numbers as PHP writes them with {@code serialize_precision = -1}: {@code php_gcvt} in mode 0, i.e.
 * the fewest significant digits that read back as the same number and, of those, the closest to its exact value;
 * fixed notation unless the decimal exponent is below -3 or above 17. The digits come from Jackson's Schubfach,
 * corrected where it keeps two digits although one reads back (see {@link #oneDigitIfItReadsBack}).
 */
final class PhpNumberFormat {

    static final String INF_NAN = "Inf and NaN cannot be JSON encoded";

    /** php_gcvt's {@code ndigit} when {@code serialize_precision} is -1. */
    private static final int MAX_FIXED_DECPT = 17;

    private static final MathContext[] ONE_DIGIT_BELOW_AND_ABOVE = {
            new MathContext(1, RoundingMode.FLOOR), new MathContext(1, RoundingMode.CEILING)};

    private PhpNumberFormat() {
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new PhpJsonException(INF_NAN);
        }
        if (value == 0.0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        Decimal decimal = Decimal.ofJavaNotation(DoubleToDecimal.toString(value));
        double magnitude = Math.abs(value);
        if (magnitude < Double.MIN_NORMAL) {
            decimal = oneDigitIfItReadsBack(decimal, magnitude, s -> Double.parseDouble(s) == magnitude);
        }
        return decimal.asPhpWritesIt();
    }

    /** A Java {@code float}: its own shortest decimal (so {@code 0.1f} is {@code 0.1}), laid out as PHP would. */
    static String format(float value) {
        if (!Float.isFinite(value)) {
            throw new PhpJsonException(INF_NAN);
        }
        if (value == 0.0f) {
            return Float.floatToRawIntBits(value) < 0 ? "-0" : "0";
        }
        Decimal decimal = Decimal.ofJavaNotation(FloatToDecimal.toString(value));
        float magnitude = Math.abs(value);
        if (magnitude < Float.MIN_NORMAL) {
            decimal = oneDigitIfItReadsBack(decimal, magnitude, s -> Float.parseFloat(s) == magnitude);
        }
        return decimal.asPhpWritesIt();
    }

    /**
     * Schubfach follows Java's {@code Double.toString} spec: when one digit would read back, it still picks two if
     * those are closer ({@code 4.9E-324} for 2<sup>-1074</sup>; PHP writes {@code 5.0e-324}). A one-digit and a
     * different two-digit decimal can both read back only when the value's rounding interval spans about a percent
     * of it, that is for a subnormal with a significand below about 100; so only subnormals are checked. A
     * two-digit result is replaced by the closer of the one-digit decimals either side of the exact value that
     * reads back (none does when two digits are the shortest).
     *
     * @param magnitude the value's magnitude (a float's exactly as a double)
     * @param readsBack whether a decimal in {@link BigDecimal#toString()} notation parses back to that magnitude
     */
    private static Decimal oneDigitIfItReadsBack(Decimal schubfach, double magnitude, Predicate<String> readsBack) {
        if (schubfach.digits().length() != 2) {
            return schubfach;
        }
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal closest = null;
        for (MathContext rounding : ONE_DIGIT_BELOW_AND_ABOVE) {
            BigDecimal candidate = exact.round(rounding).stripTrailingZeros();
            if (readsBack.test(candidate.toString()) && (closest == null
                    || candidate.subtract(exact).abs().compareTo(closest.subtract(exact).abs()) < 0)) {
                closest = candidate;
            }
        }
        // a one-digit BigDecimal d x 10^-scale is 0.d x 10^(1 - scale)
        return closest == null ? schubfach
                : new Decimal(schubfach.negative(), closest.unscaledValue().toString(), 1 - closest.scale());
    }

    /** {@code ±0.DIGITS x 10^decpt}, as php_gcvt gets it from zend_dtoa: no leading or trailing zero digit. */
    private record Decimal(boolean negative, String digits, int decpt) {

        /** From Java's {@code Double.toString} notation ({@code -1.5E-7}, {@code 0.001}, {@code 123.0}). */
        static Decimal ofJavaNotation(String java) {
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
            return new Decimal(negative, allDigits.substring(start, end), integerDigits + exponent - start);
        }

        /** php_gcvt's layout: {@code 1.0e-7}, {@code 1.5e+20}, {@code 0.001}, {@code 123}. */
        String asPhpWritesIt() {
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
}
