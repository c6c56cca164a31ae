package dev.streambus.redis;

import java.util.List;

/**
 * Why a stream entry cannot be read as text fields without loss, and its fields byte for byte as stored, so that a
 * dead-letter copy keeps them.
 *
 * @param field  the first field at fault (as text, U+FFFD for bad bytes)
 * @param reason what is wrong with it, e.g. {@code stored 2 times} or {@code value is not valid UTF-8}
 * @param stored every field as stored, in stored order, repeats included
 */
public record Unreadable(String field, String reason, List<StoredField> stored) {

    /** One field's name and value bytes. */
    public record StoredField(byte[] name, byte[] value) {
    }

    public Unreadable {
        stored = List.copyOf(stored);
    }
}
