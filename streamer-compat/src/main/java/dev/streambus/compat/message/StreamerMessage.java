package dev.streambus.compat.message;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;

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
     *                       as PHP's empty payload array is)
     * @param domain         null is written as {@code ""}, as PHP does
     * @param createdSeconds Unix time in seconds
     * @throws dev.streambus.compat.json.PhpJsonException when PHP could not encode the payload either
     */
    public static StreamerMessage create(MessageType type, String name, String domain, JsonNode payload,
                                         long createdSeconds) {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code sha256(type . name . domain . data)} as lowercase hex, over the UTF-8 bytes. */
    public static String hash(String type, String name, String domain, String data) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The same message, marked as restored from {@code originalId} (sits right after {@code _id}). */
    public StreamerMessage withOriginalId(String originalId) {
        return new StreamerMessage(type, version, name, domain, created, data, hash, originalId);
    }

    /**
     * The stream entry fields in PHP's order: {@code _id} (the literal {@code *}), {@code original_id} when set,
     * {@code type, version, name, domain, created, data, hash}.
     */
    public LinkedHashMap<String, String> fields() {
        throw new UnsupportedOperationException("TODO");
    }
}
