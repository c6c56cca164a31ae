package dev.streambus.compat.failed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.json.PhpRecord;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A member of Laravel Streamer's Redis SET {@code failed_stream}: one listener failure, shared by PHP and Java.
 * The JSON is {@code {"id","stream","receiver","error","date"}} in that order, PHP {@code json_encode} bytes,
 * {@code date} as PHP's {@code Y-m-d H:i:s}. Because SET members compare by bytes, {@link #toJson()} of a record
 * read with {@link #fromJson(String)} gives back the same bytes PHP wrote, so either side can remove it.
 *
 * @param id       the stream entry id
 * @param stream   the message's event name (PHP stores the {@code name} field here)
 * @param receiver the listener (PHP: class name; Java: the listener's class name)
 * @param error    the exception message
 * @param date     when it failed, in the application's time zone
 */
public record FailedMessage(String id, String stream, String receiver, String error, LocalDateTime date) {

    /** The Redis SET PHP's {@code FailedMessagesHandler} uses. */
    public static final String SET_KEY = "failed_stream";

    /** PHP's {@code Y-m-d H:i:s}. */
    public static final DateTimeFormatter PHP_DATE = PhpRecord.PHP_DATE;

    /** All components are required. */
    public FailedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(date, "date");
    }

    /** The SET member, byte for byte as PHP's {@code json_encode} writes it (date to the second). */
    public String toJson() {
        ObjectNode node = PhpJson.mapper().createObjectNode();
        node.put("id", id);
        node.put("stream", stream);
        node.put("receiver", receiver);
        node.put("error", error);
        node.put("date", PHP_DATE.format(date));
        return PhpJson.encode(node);
    }

    /**
     * Reads a SET member: a JSON object whose {@code id, stream, receiver, error, date} are strings (extra members
     * are ignored).
     *
     * @throws IllegalArgumentException naming the member when it is not a failed-message record
     */
    public static FailedMessage fromJson(String json) {
        Objects.requireNonNull(json, "json");
        PhpRecord record = PhpRecord.parse("a failed_stream member", json);
        return new FailedMessage(record.text("id"), record.text("stream"), record.text("receiver"),
                record.text("error"), record.date("date"));
    }
}
