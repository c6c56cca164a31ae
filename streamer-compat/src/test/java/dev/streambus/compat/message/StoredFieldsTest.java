package dev.streambus.compat.message;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredFieldsTest {

    private static StoredFields of(String... namesAndValues) {
        StoredFields.Builder builder = new StoredFields.Builder(1); // grows beyond
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    @Test
    void keepsTheStoredOrderAndEqualsTheSameFieldsInAnyMap() {
        StoredFields fields = of("_id", "*", "name", "order.placed", "data", "{}", "hash", "h", "created", "1");
        LinkedHashMap<String, String> same = new LinkedHashMap<>();
        fields.forEach(same::put);

        assertEquals(List.of("_id", "name", "data", "hash", "created"), List.copyOf(fields.keySet()));
        assertEquals(same, fields);
        assertEquals(same.hashCode(), fields.hashCode());
        assertEquals("order.placed", fields.get("name"));
        assertNull(fields.get("domain"));
        assertFalse(fields.containsKey("domain"));
    }

    @Test
    void aFieldStoredTwiceKeepsItsPlaceAndTakesTheLastValueAsPhpReadsIt() {
        StoredFields.Builder builder = new StoredFields.Builder(4);
        assertNull(builder.put("name", "a"));
        assertNull(builder.put("data", "{}"));

        assertEquals("a", builder.put("name", "b"));
        StoredFields fields = builder.build();

        assertEquals(Map.of("name", "b", "data", "{}"), fields);
        assertEquals("name", fields.keySet().iterator().next());
        assertThrows(IllegalStateException.class, () -> builder.put("late", "x"), "built fields never change");
    }

    @Test
    void withSetsAFieldInPlaceOrAppendsItAndLeavesTheOriginalAlone() {
        StoredFields fields = of("_id", "*", "name", "n");

        StoredFields replaced = fields.with("_id", "1-0");
        StoredFields appended = fields.with("domain", "shop");

        assertEquals(List.of("_id", "name"), List.copyOf(replaced.keySet()));
        assertEquals("1-0", replaced.get("_id"));
        assertEquals(List.of("_id", "name", "domain"), List.copyOf(appended.keySet()));
        assertEquals("*", fields.get("_id"));
        assertEquals(2, fields.size());
    }

    @Test
    void isReadOnlyAndCopyOfKeepsAnInstanceAsItIs() {
        StoredFields fields = of("name", "n");

        assertThrows(UnsupportedOperationException.class, () -> fields.put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> fields.entrySet().iterator().next().setValue("y"));
        assertSame(fields, StoredFields.copyOf(fields));
        assertTrue(StoredFields.copyOf(Map.of()).isEmpty());
    }
}
