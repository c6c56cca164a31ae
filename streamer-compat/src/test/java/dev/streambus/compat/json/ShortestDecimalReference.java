package dev.streambus.compat.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

/**
 * What PHP's {@code json_encode} writes for a number with {@code serialize_precision = -1}, by brute force and
 * without Schubfach: for n = 1, 2, ... significant digits, round the exact value down and up to n digits; the first
 * n where one of them parses back to the same number wins, the closer one if both do, the one with the even last
 * digit if both are equally close (zend_dtoa mode 0). Then php_gcvt's layout: exponent form {@code d.ddde±x} (at
 * least one fraction digit) when the decimal point would be more than 4 places left of the first digit or more
 * than 17 right of it, plain digits otherwise.
 */
final class ShortestDecimalReference {

    private static final int KEPT_DIGITS = 40;

    private ShortestDecimalReference() {
    }

    static String php(double value) {
        double magnitude = Math.abs(value);
        return php(Double.doubleToRawLongBits(value) < 0, magnitude, 17,
                d -> Double.parseDouble(d.toString()) == magnitude);
    }

    /** A float's own shortest decimal (at most 9 digits), in PHP's layout. */
    static String php(float value) {
        float magnitude = Math.abs(value);
        return php(Float.floatToRawIntBits(value) < 0, magnitude, 9, d -> Float.parseFloat(d.toString()) == magnitude);
    }

    private static String php(boolean negative, double magnitude, int maxDigits, Predicate<BigDecimal> readsBack) {
        String sign = negative ? "-" : "";
        if (magnitude == 0) {
            return sign + "0";
        }
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal stand = shortStandIn(exact);
        for (int n = 1; n <= maxDigits; n++) {
            BigDecimal below = stand.round(new MathContext(n, RoundingMode.FLOOR));
            BigDecimal above = stand.round(new MathContext(n, RoundingMode.CEILING));
            boolean belowReadsBack = readsBack.test(below);
            boolean aboveReadsBack = readsBack.test(above);
            if (belowReadsBack || aboveReadsBack) {
                BigDecimal chosen;
                if (belowReadsBack && aboveReadsBack) {
                    int cmp = exact.subtract(below).compareTo(above.subtract(exact));
                    // a tie (999999999999999.75) goes to the even last digit, as in zend_dtoa and Schubfach
                    chosen = cmp < 0 ? below
                            : cmp > 0 ? above : exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
                } else {
                    chosen = belowReadsBack ? below : above;
                }
                return sign + layout(chosen.stripTrailingZeros());
            }
        }
        throw new AssertionError("no decimal of at most " + maxDigits + " digits reads back as " + exact);
    }

    /**
     * Rounding a subnormal's 750 exact digits 34 times is slow; this has the same floor and ceiling at up to
     * {@link #KEPT_DIGITS} digits: the exact value cut to that many digits, plus a 5 after them if anything was cut
     * (strictly between the cut value and the next, as the exact value is). Distances still use the exact value.
     */
    private static BigDecimal shortStandIn(BigDecimal exact) {
        BigDecimal cut = exact.round(new MathContext(KEPT_DIGITS, RoundingMode.DOWN));
        if (cut.compareTo(exact) == 0) {
            return exact;
        }
        BigDecimal halfUnit = BigDecimal.valueOf(5, cut.scale() + 1);
        return cut.add(halfUnit);
    }

    private static String layout(BigDecimal decimal) {
        int pointAfterDigit = decimal.precision() - decimal.scale(); // decimal = 0.DIGITS x 10^pointAfterDigit
        if (pointAfterDigit >= -3 && pointAfterDigit <= 17) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().toString();
        int exponent = pointAfterDigit - 1;
        return digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0")
                + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
