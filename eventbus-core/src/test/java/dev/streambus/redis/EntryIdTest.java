package dev.streambus.redis;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryIdTest {

    @Test
    void parsesFormatsAndOrdersAsRedis() {
        EntryId id = EntryId.of("1700000000000-12");
        assertEquals(new EntryId(1_700_000_000_000L, 12), id);
        assertEquals("1700000000000-12", id.toString());
        assertEquals(new EntryId(5, 0), EntryId.of("5"), "a bare ms is seq 0");
        assertEquals(id, EntryId.of(EntryId.format(EntryId.parse(id.toString()))));
        List<String> ids = new ArrayList<>(List.of("10-2", "9-99", "10-10", "10-0", "0-1"));
        ids.sort(EntryId.ORDER);
        assertEquals(List.of("0-1", "9-99", "10-0", "10-2", "10-10"), ids, "numeric, not text order");
        assertTrue(EntryId.of("10-10").isAfter(EntryId.of("10-2")));
        assertFalse(EntryId.MIN.isAfter(EntryId.of(EntryId.ZERO)));
        assertEquals(1_700_000_000_000L, EntryId.millis("1700000000000-12"));
    }

    @Test
    void theSuccessorStartsAnExclusiveRange() {
        assertEquals(new StreamMessageId(10, 3), EntryId.of("10-2").next());
        assertEquals(new StreamMessageId(11, 0), EntryId.successor(new StreamMessageId(10, -1L)),
                "the last sequence of a millisecond rolls over");
    }

    @Test
    void anythingElseIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntryId.of("12-x"));
        assertTrue(e.getMessage().contains("'12-x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntryId.of(""));
    }
}
