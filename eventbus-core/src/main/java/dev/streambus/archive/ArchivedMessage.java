package dev.streambus.archive;

import dev.streambus.compat.message.StreamerMessage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stream entry taken out of its stream and kept in an {@link ArchiveStorage}.
 *
 * @param stream the stream key it was removed from (where a restore puts it back)
 * @param id     the entry id it had there
 * @param fields every stored field in stored order, with {@code _id} set to {@link #id()} (as PHP's archived content
 *               has it); read-only
 */
public record ArchivedMessage(String stream, String id, Map<String, String> fields) {

    /** Copies {@code fields} in order and sets {@code _id} to the entry id (in place, or first when absent). */
    public ArchivedMessage {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        if (!fields.containsKey(StreamerMessage.ID)) {
            copy.put(StreamerMessage.ID, id);
        }
        fields.forEach((field, value) -> copy.put(field, field.equals(StreamerMessage.ID) ? id : value));
        fields = Collections.unmodifiableMap(copy);
    }

    /** The {@code type} field, or {@code event} when absent (PHP's default). */
    public String type() {
        return fields.getOrDefault(StreamerMessage.TYPE, "event");
    }

    /** The {@code name} field, or null. */
    public String name() {
        return fields.get(StreamerMessage.NAME);
    }
}
