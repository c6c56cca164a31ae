package dev.streambus.redis;

import java.nio.charset.StandardCharsets;

/**
 * The Redis Cluster hash slot of a key, computed locally as the server does ({@code CLUSTER KEYSLOT}): CRC16-XMODEM
 * of the key's bytes modulo 16384, hashing only the hash tag when the key has one (the text between the first
 * {@code {} and the next {@code }}, if not empty).
 */
public final class HashSlot {

    /** Slots of a cluster. */
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlot() {
    }

    /** The slot of {@code key} (the UTF-8 bytes of its hash tag, or of the whole key, as Redisson sends it). */
    public static int of(String key) {
        String tag = hashTag(key);
        byte[] bytes = (tag == null ? key : tag).getBytes(StandardCharsets.UTF_8);
        return crc16(bytes, 0, bytes.length) & (SLOTS - 1);
    }

    /**
     * The hash tag of {@code key}: the text between the first '&#123;' and the first '&#125;' after it, when
     * not empty; {@code null} when the key has none (then the whole key picks the slot). Both braces are ASCII, so
     * the tag's UTF-8 bytes are exactly the bytes the server hashes.
     */
    public static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return null;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : null;
    }

    /** CRC16-XMODEM (polynomial 0x1021, initial 0) of {@code bytes[from, to)}. */
    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
