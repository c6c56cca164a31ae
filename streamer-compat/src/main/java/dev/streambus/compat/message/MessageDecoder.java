package dev.streambus.compat.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.json.PhpJsonException;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a stream entry (id + fields as read from Redis) into a {@link ReceivedMessage}.
 *
 * <p>Accepts what PHP's listener accepts: the smallest entry is {@code name} + {@code data}; extra fields are
 * kept in {@code content}; {@code hash} is not verified. Rejects, with a {@link MalformedMessageException}
 * naming stream, entry id and field: a missing or empty {@code name}; missing {@code data}; {@code data} that
 * is not JSON, or is a JSON scalar (PHP's {@code getData()} fails on those too).
 */
public final class MessageDecoder {

    private MessageDecoder() {
    }

    /**
     * Decodes one entry.
     *
     * <p>{@code content} keeps the fields in the given order (pass an ordered map, as Redis returns them) with
     * {@code _id} set to {@code entryId}: replaced in place when present, appended last when absent, as PHP's
     * {@code ReceivedMessage} does. {@code created} is null unless it is a decimal integer.
     *
     * @throws MalformedMessageException when PHP's listener could not hand the entry's data to a handler
     */
    public static ReceivedMessage decode(String stream, String entryId, Map<String, String> fields) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(fields, "fields");

        String name = fields.get(StreamerMessage.NAME);
        if (name == null) {
            throw new MalformedMessageException(stream, entryId, StreamerMessage.NAME, "missing");
        }
        if (name.isEmpty()) {
            throw new MalformedMessageException(stream, entryId, StreamerMessage.NAME, "empty");
        }
        String rawData = fields.get(StreamerMessage.DATA);
        if (rawData == null) {
            throw new MalformedMessageException(stream, entryId, StreamerMessage.DATA, "missing");
        }
        JsonNode data = parseData(stream, entryId, rawData);


        return new ReceivedMessage(entryId, stream, name,
                MessageType.fromWire(fields.get(StreamerMessage.TYPE)),
                fields.get(StreamerMessage.VERSION_FIELD),
                fields.get(StreamerMessage.DOMAIN),
                parseCreated(fields.get(StreamerMessage.CREATED)),
                rawData, data, StoredFields.copyOf(fields).with(StreamerMessage.ID, entryId)); // kept as it is
    }

    private static JsonNode parseData(String stream, String entryId, String rawData) {
        JsonNode data;
        try {
            data = PhpJson.decode(rawData);
        } catch (PhpJsonException e) {
            throw new MalformedMessageException(stream, entryId, StreamerMessage.DATA,
                    "not JSON (" + FirstLine.of(e.getMessage()) + ")", e);
        }
        if (data.isNull()) {
            // PHP: json_decode('null') is null, and getData() turns that into []
            return JsonNodeFactory.instance.objectNode();
        }
        if (!data.isContainerNode()) {
            throw new MalformedMessageException(stream, entryId, StreamerMessage.DATA,
                    "not a JSON object or array (" + data.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
        }
        return data;
    }

    private static Long parseCreated(String created) {
        if (created == null || created.isEmpty()) {
            return null;
        }
        for (int i = 0; i < created.length(); i++) {
            char c = created.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && created.length() > 1)) {
                return null;
            }
        }
        try {
            return Long.valueOf(created);
        } catch (NumberFormatException e) {
            return null; // beyond 64 bits
        }
    }
}
