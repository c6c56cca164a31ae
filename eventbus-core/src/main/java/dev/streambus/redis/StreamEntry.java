package dev.streambus.redis;

import java.util.Map;

/**
 * One stream entry as read from Redis: fields in stored order, values as stored strings.
 *
 * @param stream     stream key
 * @param id         entry id, e.g. {@code 1700000000000-0}
 * @param fields     stored fields; empty when the entry was deleted or trimmed while pending
 * @param unreadable null when every field was read as text without loss; otherwise why not (a field stored twice,
 *                   bytes that are not UTF-8), with the fields exactly as stored: {@code fields} is then lossy
 *                   (the last of a repeated field, U+FFFD for bad bytes) and must not be handled, only parked
 */
public record StreamEntry(String stream, String id, Map<String, String> fields, Unreadable unreadable) {

    /** An entry read without loss. */
    public StreamEntry(String stream, String id, Map<String, String> fields) {
        this(stream, id, fields, null);
    }

    /** The one representation of an entry that was deleted or trimmed while pending: its id, no fields. */
    public static StreamEntry deleted(String stream, String id) {
        return new StreamEntry(stream, id, Map.of(), null);
    }

    /** True for an entry deleted or trimmed while pending ({@link #deleted(String, String)}). */
    public boolean deleted() {
        return fields.isEmpty() && unreadable == null;
    }
}
