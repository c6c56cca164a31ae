package dev.streambus.projection.source;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.StreamEntry;

/**
 * A stream entry decoded for a projection, ready to apply. Decoding runs on reading threads (a replay's decoding
 * pool), so it overlaps with the writer's transactions.
 *
 * @param entry    the entry as read
 * @param position its id
 * @param message  the decoded message; null when the entry has no fields (deleted/trimmed) or did not decode
 * @param event    {@code data} mapped to the handler's type; null when no handler follows the name
 * @param error    why it could not be decoded or mapped, or null
 */
public record Envelope(StreamEntry entry, EntryId position, ReceivedMessage message, Object event,
                       RuntimeException error) {

    public String stream() {
        return entry.stream();
    }

    /** True when the entry vanished (XDEL/trim while pending): nothing to apply ({@link StreamEntry#deleted()}). */
    public boolean deleted() {
        return entry.deleted();
    }
}
