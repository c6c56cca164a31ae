package dev.streambus.publish;

import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.redis.StreamAppendCommands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An encoded event, ready for XADD.
 *
 * @param stream            the stream key (the event name)
 * @param message           the Laravel Streamer fields
 * @param historyIdentifier for {@link dev.streambus.event.Replayable} events, the identifier whose history list
 *                          gets a snapshot; otherwise null
 * @param entityStream      for {@link dev.streambus.event.EntityEvent}s, the per-entity stream that gets a copy;
 *                          otherwise null
 * @param extraFields       fields stored after all of Laravel's (e.g. the W3C {@code traceparent} when tracing is on);
 *                          never inside {@code data}, so {@code data} and {@code hash} are what Laravel would write.
 *                          Usually empty
 */
public record OutgoingEvent(String stream, StreamerMessage message, String historyIdentifier, String entityStream,
                            Map<String, String> extraFields) {

    public OutgoingEvent {
        extraFields = extraFields == null || extraFields.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
        for (String name : extraFields.keySet()) {
            if (message.fields().containsKey(name)) {
                throw new IllegalArgumentException("extra field '" + name + "' would replace one of Laravel's");
            }
        }
    }

    /** An event with no extra fields. */
    public OutgoingEvent(String stream, StreamerMessage message, String historyIdentifier, String entityStream) {
        this(stream, message, historyIdentifier, entityStream, Map.of());
    }

    /** An event with no entity stream. */
    public OutgoingEvent(String stream, StreamerMessage message, String historyIdentifier) {
        this(stream, message, historyIdentifier, null);
    }

    /** The entry's fields in stored order: Laravel's ({@link StreamerMessage#fields()}), then the extra ones. */
    public LinkedHashMap<String, String> fields() {
        LinkedHashMap<String, String> fields = message.fields();
        fields.putAll(extraFields);
        return fields;
    }

    /**
     * The XADD command of this event, built without a field map: the stream key, {@code trimWords}, {@code *}, then
     * {@link #fields()} as name, value pairs (what {@link dev.streambus.redis.StreamAppendCommands#xadd} sends).
     */
    Object[] xaddCommand(java.util.List<String> trimWords) {
        Object[] command = new Object[2 + trimWords.size() + 2 * (message.fieldCount() + extraFields.size())];
        int i = StreamAppendCommands.putXaddHead(command, stream, trimWords);
        i = message.putFields(command, i);
        for (Map.Entry<String, String> extra : extraFields.entrySet()) {
            command[i++] = extra.getKey();
            command[i++] = extra.getValue();
        }
        return command;
    }

    /** This event with {@code extra} added after the other extra fields (a name already there keeps its place). */
    public OutgoingEvent withExtraFields(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(extraFields);
        all.putAll(Objects.requireNonNull(extra, "extra"));
        return new OutgoingEvent(stream, message, historyIdentifier, entityStream, all);
    }

    /** Whether publishing needs the script (history snapshot or entity copy), not a plain XADD. */
    boolean needsScript() {
        return historyIdentifier != null || entityStream != null;
    }
}
