package dev.streambus.compat.message;

import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Mapping#STRICT}, the default of {@link ReceivedMessage#dataAs(Class)}: no silent data loss. */
class StrictMappingTest {

    record Seq(int seq) {
    }

    record Sizes(byte b, short s, long l, BigInteger big) {
    }

    record Optionals(Integer count, @Nullable String note, String required) {
    }

    record TypeUse(@TypeUse.Nullable String note) {
        @Retention(RetentionPolicy.RUNTIME)
        @Target(ElementType.TYPE_USE)
        @interface Nullable { // as JSpecify's
        }
    }

    record Line(String sku, int qty) {
    }

    record Order(String id, List<Line> lines) {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Nullable {
    }

    private static ReceivedMessage message(String data) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "seq.event");
        fields.put("data", data);
        return MessageDecoder.decode("seqs", "5-1", fields);
    }

    private static MalformedMessageException rejected(String data, Class<?> type) {
        return assertThrows(MalformedMessageException.class, () -> message(data).dataAs(type));
    }

    @Test
    void aFractionIntoAnIntegerIsRejectedNamingTheField() {
        MalformedMessageException e = rejected("{\"seq\":30.9}", Seq.class);
        assertEquals("seqs", e.stream());
        assertEquals("5-1", e.entryId());
        assertEquals("data.seq", e.field());
        assertTrue(e.reason().contains("30.9 has a fraction"), e.reason());
        assertEquals(30, message("{\"seq\":30.9}").dataAs(Seq.class, Mapping.LENIENT).seq());
    }

    @Test
    void exactValuesAndPhpIntegerStringsAreAccepted() {
        assertEquals(new Seq(29), message("{\"seq\":\"29\",\"php_extra\":[1]}").dataAs(Seq.class));
        assertEquals(new Seq(-7), message("{\"seq\":\"-7\"}").dataAs(Seq.class));
        assertEquals(new Seq(30), message("{\"seq\":30.0}").dataAs(Seq.class));
        assertEquals(new Sizes((byte) -128, (short) 300, Long.MAX_VALUE, new BigInteger("123456789012345678901234")),
                message("{\"b\":-128,\"s\":\"300\",\"l\":9223372036854775807,\"big\":123456789012345678901234}")
                        .dataAs(Sizes.class));
    }

    @Test
    void nonIntegerStringsAndOutOfRangeValuesAreRejected() {
        assertTrue(rejected("{\"seq\":\"29.5\"}", Seq.class).reason().contains("not an integer"));
        assertTrue(rejected("{\"seq\":\" 29\"}", Seq.class).reason().contains("not an integer"));
        assertTrue(rejected("{\"seq\":3e10}", Seq.class).reason().contains("out of range of int"));
        assertTrue(rejected("{\"seq\":3000000000}", Seq.class).reason().contains("out of range of int"));
        MalformedMessageException b = rejected("{\"b\":300,\"s\":1,\"l\":1,\"big\":1}", Sizes.class);
        assertEquals("data.b", b.field());
        assertTrue(b.reason().contains("out of range of byte"), b.reason());
        assertTrue(rejected("{\"b\":1,\"s\":1,\"l\":9223372036854775808,\"big\":1}", Sizes.class).reason()
                .contains("out of range of long"));
        assertTrue(rejected("{\"b\":1,\"s\":1,\"l\":1,\"big\":1.5}", Sizes.class).reason().contains("fraction"));
    }

    @Test
    void nullOrMissingIntoAPrimitiveIsRejected() {
        MalformedMessageException nul = rejected("{\"seq\":null}", Seq.class);
        assertEquals("data.seq", nul.field());
        MalformedMessageException missing = rejected("{\"other\":1}", Seq.class);
        assertEquals("data.seq", missing.field());
        assertTrue(missing.reason().contains("missing"), missing.reason());
        assertEquals(0, message("{}").dataAs(Seq.class, Mapping.LENIENT).seq());
    }

    @Test
    void recordComponentsAreRequiredUnlessBoxedOrNullable() {
        Optionals all = message("{\"required\":\"r\"}").dataAs(Optionals.class);
        assertEquals(new Optionals(null, null, "r"), all);
        assertEquals(new Optionals(null, null, "r"),
                message("{\"count\":null,\"note\":null,\"required\":\"r\"}").dataAs(Optionals.class));
        assertNull(message("{}").dataAs(TypeUse.class).note());

        MalformedMessageException missing = rejected("{\"count\":1}", Optionals.class);
        assertEquals("data.required", missing.field());
        assertTrue(missing.reason().contains("missing, but required"), missing.reason());
        MalformedMessageException nul = rejected("{\"required\":null}", Optionals.class);
        assertEquals("data.required", nul.field());
        assertTrue(nul.reason().contains("null, but required"), nul.reason());
        assertEquals(new Optionals(null, null, null), message("{}").dataAs(Optionals.class, Mapping.LENIENT));
    }

    @Test
    void theFieldPathReachesIntoNestedValues() {
        MalformedMessageException e = rejected(
                "{\"id\":\"o-1\",\"lines\":[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"b\",\"qty\":2.5}]}", Order.class);
        assertEquals("data.lines[1].qty", e.field());
        assertTrue(e.getMessage().startsWith("stream 'seqs' entry 5-1 field 'data.lines[1].qty': does not map to "
                + "Order: 2.5 has a fraction"), e.getMessage());
    }
}
