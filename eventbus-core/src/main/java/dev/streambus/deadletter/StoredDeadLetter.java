package dev.streambus.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A dead letter as stored in a dead-letter stream, split into the parking metadata and the original fields.
 *
 * @param id             the dead-letter entry's own id in {@code <stream>:dead}
 * @param originalId     the id the entry had in its stream
 * @param originalStream the stream it came from
 * @param group          consumer group that read it, or null (read without a group)
 * @param consumer       consumer that gave up, or null
 * @param deliveries     delivery count when parked (0 if not recorded)
 * @param reason         why it was parked
 * @param at             when it was parked, or null if not recorded or unreadable
 * @param fields         the original entry's fields in their stored order (read-only); empty when Redis had
 *                       already trimmed the entry before it was parked
 */
public record StoredDeadLetter(String id, String originalId, String originalStream, String group, String consumer,
                               long deliveries, String reason, Instant at, Map<String, String> fields) {

    /** Validates; keeps {@code fields}' order in a read-only copy. */
    public StoredDeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(originalId, "originalId");
        Objects.requireNonNull(originalStream, "originalStream");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Parses a dead-letter entry: the {@link DeadLetterFields} become metadata, every other field (in order) is an
     * original field. {@code sourceStream} is used when the entry does not name its stream.
     *
     * @throws IllegalArgumentException if the entry has no {@code dead_original_id} (it is not a dead letter)
     */
    public static StoredDeadLetter parse(String id, String sourceStream, Map<String, String> stored) {
        String originalId = stored.get(DeadLetterFields.ORIGINAL_ID);
        if (originalId == null || originalId.isEmpty()) {
            throw new IllegalArgumentException("entry " + id + " of the dead-letter stream of '" + sourceStream
                    + "' has no " + DeadLetterFields.ORIGINAL_ID + " field: not a dead letter");
        }
        Map<String, String> original = new LinkedHashMap<>(stored);
        original.keySet().removeAll(DeadLetterFields.ALL);
        String stream = stored.get(DeadLetterFields.STREAM);
        return new StoredDeadLetter(id, originalId, stream == null || stream.isEmpty() ? sourceStream : stream,
                emptyToNull(stored.get(DeadLetterFields.GROUP)), emptyToNull(stored.get(DeadLetterFields.CONSUMER)),
                parseLong(stored.get(DeadLetterFields.DELIVERIES)), stored.getOrDefault(DeadLetterFields.REASON, ""),
                parseInstant(stored.get(DeadLetterFields.AT)), original);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
