package dev.streambus.redis;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known values of the Redis Cluster spec; {@code SlotReadTest} checks many keys against CLUSTER KEYSLOT. */
class HashSlotTest {

    @Test
    void crc16IsXmodem() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, HashSlot.crc16(check, 0, check.length), "the spec's reference value");
        assertEquals(12739, HashSlot.of("123456789"));
    }

    @Test
    void onlyTheFirstNonEmptyHashTagIsHashed() {
        assertEquals(HashSlot.of("user1000"), HashSlot.of("{user1000}.following"));
        assertEquals(HashSlot.of("user1000"), HashSlot.of("foo{user1000}{bar}"));
        assertEquals(HashSlot.of("foo{}{bar}"), crcSlot("foo{}{bar}"), "empty tag: the whole key");
        assertEquals(HashSlot.of("bar"), HashSlot.of("foo{bar}{zap}"));
        assertEquals(HashSlot.of("{bar"), crcSlot("{bar"), "no closing brace: the whole key");
        assertNotEquals(HashSlot.of("a.order.placed"), HashSlot.of("b.order.placed"));
        assertEquals(HashSlot.of("bar"), HashSlot.of("bestellung.über{bar}"), "a tag after non-ASCII text");
        assertEquals(crcSlot("bestellung.über"), HashSlot.of("bestellung.über"), "UTF-8 bytes of the whole key");
    }

    @Test
    void hashTagIsTheTextBetweenTheFirstBraces() {
        assertEquals("user1000", HashSlot.hashTag("{user1000}.following"));
        assertEquals("bar", HashSlot.hashTag("foo{bar}{zap}"));
        assertNull(HashSlot.hashTag("foo{}{bar}"));
        assertNull(HashSlot.hashTag("{bar"));
        assertNull(HashSlot.hashTag("order.placed"));
        assertTrue(SlotKeys.hasHashTag("orders{eu}"));
        assertEquals("{orders}:dead", SlotKeys.sibling("orders", ":dead"));
        assertEquals("orders{eu}:dead", SlotKeys.sibling("orders{eu}", ":dead"));
    }

    @Test
    void slotsStayInRange() {
        for (int i = 0; i < 10_000; i++) {
            int slot = HashSlot.of("stream-" + i);
            assertEquals(slot & (HashSlot.SLOTS - 1), slot);
        }
    }

    private static int crcSlot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return HashSlot.crc16(bytes, 0, bytes.length) % HashSlot.SLOTS;
    }
}
