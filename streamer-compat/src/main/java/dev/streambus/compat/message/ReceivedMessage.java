package dev.streambus.compat.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.json.PhpJson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stream entry decoded as Laravel Streamer's {@code ReceivedMessage} sees it.
 *
 * @param id      the stream entry id (PHP puts it in {@code _id} too)
 * @param stream  the stream key it was read from
 * @param name    the {@code name} field: listeners are picked by it, not by the stream key
 * @param type    the {@code type} field (EVENT when absent or unknown)
 * @param version the {@code version} field, or null
 * @param domain  the {@code domain} field, or null
 * @param created the {@code created} field (Unix seconds), or null when absent or not a number
 * @param rawData the stored {@code data} string, byte for byte
 * @param data    {@code data} parsed: an object or array node ({@code null} data is an empty object)
 * @param content every field as stored, in stored order, with {@code _id} replaced by the entry id
 */
public record ReceivedMessage(String id, String stream, String name, MessageType type, String version,
                              String domain, Long created, String rawData, JsonNode data,
                              Map<String, String> content) {

    /** {@code content} is copied, keeping its order, and is read-only afterwards. */
    public ReceivedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        content = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(content, "content")));
    }

    /** The {@code original_id} field, or null. */
    public String originalId() {
        return content.get(StreamerMessage.ORIGINAL_ID);
    }

    /**
     * Maps {@code data} onto a Java type with Jackson (unknown properties are ignored, as PHP arrays carry what
     * they like; an empty {@code []} maps as an empty object).
     *
     * @throws MalformedMessageException naming stream, entry id and field {@code data} when it does not map
     */
    public <T> T dataAs(Class<T> type) {
        JsonNode source = data.isArray() && data.isEmpty() ? PhpJson.mapper().createObjectNode() : data;
        try {
            return PhpJson.mapper().treeToValue(source, type);
        } catch (JsonProcessingException e) {
            throw notMappable(type, e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw notMappable(type, e.getMessage(), e);
        }
    }

    private MalformedMessageException notMappable(Class<?> type, String message, Exception cause) {
        return new MalformedMessageException(stream, id, StreamerMessage.DATA,
                "does not map to " + type.getSimpleName() + ": " + FirstLine.of(message), cause);
    }
}
