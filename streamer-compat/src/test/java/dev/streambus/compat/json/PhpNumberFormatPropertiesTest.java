package dev.streambus.compat.json;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PhpNumberFormat} against {@link ShortestDecimalReference} (a BigDecimal brute force of PHP's rule, not
 * Schubfach): random bit patterns, and every double in the regions where shortest-digit algorithms go wrong.
 */
class PhpNumberFormatPropertiesTest {

    /** How many ulps either side of each power of ten and two are checked. */
    private static final int ULPS = 4;

    @Property(tries = 5000)
    void anyDoubleAsThePhpReference(@ForAll("finiteDoubles") double value) {
        assertEquals(ShortestDecimalReference.php(value), PhpNumberFormat.format(value));
    }

    @Property(tries = 3000)
    void anySubnormalAsThePhpReference(@ForAll("subnormals") double value) {
        assertEquals(ShortestDecimalReference.php(value), PhpNumberFormat.format(value));
    }

    @Property(tries = 3000)
    void anyFloatAsItsOwnShortestDecimal(@ForAll("finiteFloats") float value) {
        assertEquals(ShortestDecimalReference.php(value), PhpNumberFormat.format(value));
    }

    @Example
    void theFirstSubnormals() {
        assertAllAsReference(LongStream.rangeClosed(1, 5000));
    }

    @Example
    void theLastSubnormalsAndTheFirstNormals() {
        long minNormal = Double.doubleToRawLongBits(Double.MIN_NORMAL);
        assertAllAsReference(LongStream.rangeClosed(minNormal - 500, minNormal + 500));
    }

    @Example
    void aroundEveryPowerOfTen() {
        assertAllAsReference(LongStream.rangeClosed(-323, 308)
                .map(k -> Double.doubleToRawLongBits(Double.parseDouble("1e" + k)))
                .flatMap(PhpNumberFormatPropertiesTest::ulpsAround));
    }

    @Example
    void aroundEveryPowerOfTwo() {
        assertAllAsReference(LongStream.rangeClosed(-1074, 1023)
                .map(e -> Double.doubleToRawLongBits(Math.scalb(1.0, (int) e)))
                .flatMap(PhpNumberFormatPropertiesTest::ulpsAround));
    }

    @Example
    void theFirstFloatSubnormals() {
        List<String> wrong = new ArrayList<>();
        for (int bits = 1; bits <= 5000; bits++) {
            float value = Float.intBitsToFloat(bits);
            String expected = ShortestDecimalReference.php(value);
            String actual = PhpNumberFormat.format(value);
            if (!expected.equals(actual)) {
                wrong.add(bits + " x 2^-149: expected " + expected + " but was " + actual);
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static LongStream ulpsAround(long bits) {
        return LongStream.rangeClosed(bits - ULPS, bits + ULPS);
    }

    /** Each positive finite double among the bit patterns as the reference writes it (the sign is only a prefix). */
    private static void assertAllAsReference(LongStream bitPatterns) {
        List<String> wrong = new ArrayList<>();
        bitPatterns.mapToDouble(Double::longBitsToDouble)
                .filter(d -> d > 0 && Double.isFinite(d))
                .forEach(value -> {
                    String expected = ShortestDecimalReference.php(value);
                    String actual = PhpNumberFormat.format(value);
                    if (!expected.equals(actual)) {
                        wrong.add(Double.doubleToRawLongBits(value) + " (" + value + "): expected " + expected
                                + " but was " + actual);
                    }
                });
        assertEquals(List.of(), wrong);
    }

    // ---- generators ----

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    }

    @Provide
    Arbitrary<Double> subnormals() {
        return Arbitraries.longs().between(1, (1L << 52) - 1).map(Double::longBitsToDouble)
                .flatMap(d -> Arbitraries.of(d, -d));
    }

    @Provide
    Arbitrary<Float> finiteFloats() {
        return Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite);
    }
}
