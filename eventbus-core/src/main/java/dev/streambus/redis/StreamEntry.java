package dev.streambus.redis;

import java.util.Map;

/**
 * One stream entry as read from Redis: fields in stored order, values as stored strings.
 *
 * @param stream stream key
 * @param id     entry id, e.g. {@code 1700000000000-0}
 * @param fields stored fields; empty when the entry was deleted or trimmed while pending
 */
public record StreamEntry(String stream, String id, Map<String, String> fields) {
}
