package dev.streambus.compat.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.json.PhpJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * One outgoing Laravel Streamer message: the fields {@code Streamer::emit} XADDs, with {@code data} already
 * encoded as PHP's {@code json_encode} would and {@code hash = sha256(type . name . domain . data)}.
 *
 * @param type       message type
 * @param version    message format version, {@link #VERSION}
 * @param name       event name (also the stream key when emitted)
 * @param domain     the producing application's domain; {@code ""} when none (never null)
 * @param created    Unix time in seconds
 * @param data       the payload's PHP JSON
 * @param hash       64 lowercase hex characters
 * @param originalId the entry id the message had before an archive/restore or dead-letter replay, or null
 */
public record StreamerMessage(MessageType type, String version, String name, String domain, long created,
                              String data, String hash, String originalId) {

    /** Laravel Streamer's message format version. */
    public static final String VERSION = "1.3";

    /** Field names, in the order PHP writes them. */
    public static final String ID = "_id";
    public static final String ORIGINAL_ID = "original_id";
    public static final String TYPE = "type";
    public static final String VERSION_FIELD = "version";
    public static final String NAME = "name";
    public static final String DOMAIN = "domain";
    public static final String CREATED = "created";
    public static final String DATA = "data";
    public static final String HASH = "hash";

    /**
     * Builds the message PHP would emit for this payload.
     *
     * @param payload        the event payload (typically an object; an empty top-level object is written {@code []}
     *                       as PHP's empty payload array is; nested empty objects stay {@code {}}); not null
     * @param domain         null is written as {@code ""}, as PHP does
     * @param createdSeconds Unix time in seconds
     * @throws dev.streambus.compat.json.PhpJsonException when PHP could not encode the payload either
     */
    public static StreamerMessage create(MessageType type, String name, String domain, JsonNode payload,
                                         long createdSeconds) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        return fromEncodedData(type, name, domain, payload.isObject() && payload.isEmpty() ? "[]"
                : PhpJson.encode(payload), createdSeconds);
    }

    /**
     * Builds the message for a payload already encoded with {@link PhpJson} (e.g. by {@link PhpJson#encodeValue}
     * straight from a Java object, skipping the tree); {@code {}} is written {@code []} as PHP's empty payload
     * array is.
     */
    public static StreamerMessage fromEncodedData(MessageType type, String name, String domain, String phpJson,
                                                  long createdSeconds) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phpJson, "phpJson");
        String wireDomain = domain == null ? "" : domain;
        String data = "{}".equals(phpJson) ? "[]" : phpJson;
        return new StreamerMessage(type, VERSION, name, wireDomain, createdSeconds, data,
                hash(type.wireName(), name, wireDomain, data), null);
    }

    /** {@code sha256(type . name . domain . data)} as lowercase hex, over the UTF-8 bytes. */
    public static String hash(String type, String name, String domain, String data) {
        MessageDigest sha256 = SHA256.get();
        byte[] digest = sha256.digest((type + name + domain + data).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** One digest per thread: {@code getInstance} costs more than hashing a message. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    /** The same message, marked as restored from {@code originalId} (sits right after {@code _id}). */
    public StreamerMessage withOriginalId(String originalId) {
        return new StreamerMessage(type, version, name, domain, created, data, hash, originalId);
    }

    /**
     * The stream entry fields in PHP's order: {@code _id} (the literal {@code *}), {@code original_id} when set,
     * {@code type, version, name, domain, created, data, hash}.
     */
    public LinkedHashMap<String, String> fields() {
        String[] words = new String[fieldCount() * 2];
        putFields(words, 0);
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < words.length; i += 2) {
            fields.put(words[i], words[i + 1]);
        }
        return fields;
    }

    /** How many fields {@link #fields()} has. */
    public int fieldCount() {
        return originalId == null ? 8 : 9;
    }

    /**
     * Writes {@link #fields()} as alternating names and values into {@code words} from index {@code at} (no map: the
     * publisher's XADD arguments); returns the index after the last value.
     */
    public int putFields(Object[] words, int at) {
        int i = at;
        words[i++] = ID;
        words[i++] = "*";
        if (originalId != null) {
            words[i++] = ORIGINAL_ID;
            words[i++] = originalId;
        }
        words[i++] = TYPE;
        words[i++] = type.wireName();
        words[i++] = VERSION_FIELD;
        words[i++] = version;
        words[i++] = NAME;
        words[i++] = name;
        words[i++] = DOMAIN;
        words[i++] = domain;
        words[i++] = CREATED;
        words[i++] = Long.toString(created);
        words[i++] = DATA;
        words[i++] = data;
        words[i++] = HASH;
        words[i++] = hash;
        return i;
    }
}
