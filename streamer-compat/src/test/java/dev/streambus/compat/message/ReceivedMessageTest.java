package dev.streambus.compat.message;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceivedMessageTest {

    record Order(long id, String sku, double price, List<String> tags) {
    }

    private static ReceivedMessage decode(String data) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "orders.created");
        fields.put("data", data);
        return MessageDecoder.decode("orders", "1-0", fields);
    }

    @Test
    void dataMapsOntoRecordsIgnoringUnknownMembers() {
        Order order = decode("{\"id\":7,\"sku\":\"a\\/b\",\"price\":49.99,\"tags\":[\"x\"],\"extra\":{\"y\":1}}")
                .dataAs(Order.class);
        assertEquals(new Order(7, "a/b", 49.99, List.of("x")), order);
    }

    @Test
    void anEmptyPhpArrayMapsAsAnEmptyObject() {
        Order order = decode("[]").dataAs(Order.class, Mapping.LENIENT);
        assertEquals(0L, order.id());
        assertNull(order.sku());
        assertTrue(decode("[]").dataAs(Map.class).isEmpty());
    }

    @Test
    void dataThatDoesNotMapIsAMalformedMessage() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> decode("{\"id\":\"not a number\"}").dataAs(Order.class));
        assertEquals("orders", e.stream());
        assertEquals("1-0", e.entryId());
        assertEquals("data.id", e.field());
        assertTrue(e.reason().startsWith("does not map to Order: "), e.reason());
        assertTrue(e.reason().contains("not a number"), e.reason());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());

        assertThrows(MalformedMessageException.class, () -> decode("[1,2]").dataAs(Order.class));
    }

    @Test
    void contentIsReadOnly() {
        ReceivedMessage message = decode("{}");
        assertThrows(UnsupportedOperationException.class, () -> message.content().put("x", "y"));
    }
}
