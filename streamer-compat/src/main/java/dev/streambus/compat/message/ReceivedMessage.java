package dev.streambus.compat.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.streambus.compat.json.PhpJson;

import java.io.IOException;
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

    /**
     * {@code content} is copied, keeping its order, and is read-only afterwards (a {@link StoredFields} is kept as is).
     */
    public ReceivedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        content = StoredFields.copyOf(Objects.requireNonNull(content, "content")); // immutable: kept, not copied
    }

    /** The {@code original_id} field, or null. */
    public String originalId() {
        return content.get(StreamerMessage.ORIGINAL_ID);
    }

    /**
     * Maps {@code data} onto a Java type with {@link Mapping#STRICT} mapping: see {@link #dataAs(Class, Mapping)}.
     *
     * @throws MalformedMessageException naming stream, entry id and the field path ({@code data.seq}) when it does
     *                                   not map without loss
     */
    public <T> T dataAs(Class<T> type) {
        return dataAs(type, Mapping.STRICT);
    }

    /**
     * Maps {@code data} onto a Java type with Jackson. Unknown properties are ignored, as PHP arrays carry what they
     * like; an empty {@code []} maps as an empty object. {@link Mapping#STRICT} rejects every lossy conversion
     * (fraction into an integer, out of range, null or missing into a primitive or a required record component);
     * {@link Mapping#LENIENT} is Jackson's default coercion.
     *
     * @throws MalformedMessageException naming stream, entry id, the field path ({@code data.items[2].qty}) and
     *                                   the reason when it does not map
     */
    public <T> T dataAs(Class<T> type, Mapping mapping) {
        JsonNode source = data.isArray() && data.isEmpty() ? PhpJson.mapper().createObjectNode() : data;
        ObjectReader reader = (mapping == Mapping.LENIENT ? LENIENT_READERS : STRICT_READERS).get(type);
        try {
            return reader.readValue(source);
        } catch (JsonMappingException e) {
            throw notMappable(type, path(e), reason(e), e);
        } catch (JsonProcessingException e) {
            throw notMappable(type, StreamerMessage.DATA, e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw notMappable(type, StreamerMessage.DATA, e.getMessage(), e);
        } catch (IOException e) { // a tree is read from memory: not expected
            throw notMappable(type, StreamerMessage.DATA, e.getMessage(), e);
        }
    }

    /** One reader per type and mapping: the type and its deserializer are looked up once, not per message. */
    private static final ClassValue<ObjectReader> STRICT_READERS = readers(StrictMapper.MAPPER);
    private static final ClassValue<ObjectReader> LENIENT_READERS = readers(PhpJson.mapper());

    private static ClassValue<ObjectReader> readers(ObjectMapper mapper) {
        return new ClassValue<>() {
            @Override
            protected ObjectReader computeValue(Class<?> type) {
                return mapper.readerFor(type);
            }
        };
    }

    /** {@code data}, then {@code .name} per property and {@code [i]} per array index Jackson was in. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder(StreamerMessage.DATA);
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof InvalidNullException) {
            return "null, but required (declare it as a boxed type or @Nullable to accept null)";
        }
        String message = FirstLine.of(e.getOriginalMessage());
        if (e instanceof MismatchedInputException && message.startsWith("Missing required creator property")) {
            return "missing, but required (declare it as a boxed type or @Nullable to make it optional)";
        }
        return message;
    }

    private MalformedMessageException notMappable(Class<?> type, String field, String message, Exception cause) {
        return new MalformedMessageException(stream, id, field,
                "does not map to " + type.getSimpleName() + ": " + FirstLine.of(message), cause);
    }
}
