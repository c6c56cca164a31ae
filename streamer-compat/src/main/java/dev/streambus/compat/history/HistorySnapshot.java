package dev.streambus.compat.history;

import java.time.LocalDateTime;

/**
 * What PHP's {@code Streamer::emit} LPUSHes onto {@code <name>-<identifier>} for a {@code Replayable} event:
 * {@code {"id","name","identifier","date"}} (PHP JSON, date {@code Y-m-d H:i:s}). The list is newest first.
 */
public record HistorySnapshot(String id, String name, String identifier, LocalDateTime date) {

    /** The history list key: {@code <name>-<identifier>}, no escaping, as PHP builds it. */
    public static String listKey(String name, String identifier) {
        return name + "-" + identifier;
    }

    public String toJson() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Accepts an identifier stored as a JSON string or number. */
    public static HistorySnapshot fromJson(String json) {
        throw new UnsupportedOperationException("TODO");
    }
}
