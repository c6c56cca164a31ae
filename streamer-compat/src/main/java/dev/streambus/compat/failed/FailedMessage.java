package dev.streambus.compat.failed;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

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
    public static final DateTimeFormatter PHP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public String toJson() {
        throw new UnsupportedOperationException("TODO");
    }

    /** @throws IllegalArgumentException naming the member when it is not a failed-message record */
    public static FailedMessage fromJson(String json) {
        throw new UnsupportedOperationException("TODO");
    }
}
