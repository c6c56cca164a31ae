package dev.streambus.deadletter;

import java.util.List;

/**
 * Names of the fields {@link RedisDeadLetters} appends to a parked entry, after the original fields:
 * {@code dead_original_id, dead_stream, dead_group, dead_consumer, dead_deliveries, dead_reason, dead_at}.
 */
public final class DeadLetterFields {

    /** Id the entry had in its stream. */
    public static final String ORIGINAL_ID = RedisDeadLetters.PREFIX + "original_id";
    /** The stream it came from. */
    public static final String STREAM = RedisDeadLetters.PREFIX + "stream";
    /** Consumer group that read it ({@code ""} without a group). */
    public static final String GROUP = RedisDeadLetters.PREFIX + "group";
    /** Consumer that gave up ({@code ""} if unknown). */
    public static final String CONSUMER = RedisDeadLetters.PREFIX + "consumer";
    /** Delivery count when parked. */
    public static final String DELIVERIES = RedisDeadLetters.PREFIX + "deliveries";
    /** Why it was parked. */
    public static final String REASON = RedisDeadLetters.PREFIX + "reason";
    /** When it was parked, ISO-8601 instant. */
    public static final String AT = RedisDeadLetters.PREFIX + "at";

    /** All of them, in the order they are written. */
    public static final List<String> ALL = List.of(ORIGINAL_ID, STREAM, GROUP, CONSUMER, DELIVERIES, REASON, AT);

    private DeadLetterFields() {
    }
}
