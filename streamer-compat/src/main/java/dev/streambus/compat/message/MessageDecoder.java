package dev.streambus.compat.message;

import java.util.Map;

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

    public static ReceivedMessage decode(String stream, String entryId, Map<String, String> fields) {
        throw new UnsupportedOperationException("TODO");
    }
}
