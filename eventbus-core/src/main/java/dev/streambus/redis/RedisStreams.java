package dev.streambus.redis;

import dev.streambus.compat.message.StoredFields;
import org.redisson.Redisson;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.client.protocol.Time;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stream access with the one codec PHP can read: every field a plain UTF-8 string ({@link StringCodec}), never
 * Redisson's default binary codec. Entries read for dispatch go through {@link #entryStream} and {@link #entries},
 * which notice what a string map would hide (a field stored twice, bytes that are not UTF-8) and keep the stored
 * bytes of such entries ({@link StreamEntry#unreadable()}).
 */
public final class RedisStreams {

    private final RedissonClient redisson;

    public RedisStreams(RedissonClient redisson) {
        this.redisson = redisson;
    }

    public RedissonClient redisson() {
        return redisson;
    }

    public RStream<String, String> stream(String name) {
        return redisson.getStream(name, StringCodec.INSTANCE);
    }

    /**
     * The clock of the Redis master that holds {@code key} (TIME), in epoch milliseconds: the clock entry ids with
     * {@code *} are made from, so an entry added there after this call gets an id at or after it.
     *
     * @throws IllegalStateException when the client is not Redisson's own (its command executor is needed)
     */
    public long serverMillis(String key) {
        if (!(redisson instanceof Redisson client)) {
            throw new IllegalStateException("TIME needs Redisson's own client, not " + redisson.getClass().getName());
        }
        Time time = client.getCommandExecutor().<Time, Time>writeAsync(key, LongCodec.INSTANCE, RedisCommands.TIME)
                .toCompletableFuture().join();
        return time.getSeconds() * 1000L + time.getMicroseconds() / 1000;
    }

    /**
     * Creates the consumer group (with MKSTREAM) starting after {@code startId} ({@code 0}: the whole history,
     * Laravel Streamer's default; {@code $}: new entries only). An existing group is left as it is.
     *
     * @return true when the group was created now
     */
    public boolean ensureGroup(String stream, String group, String startId) {
        StreamMessageId start = "$".equals(startId) ? StreamMessageId.NEWEST
                : "0".equals(startId) ? StreamMessageId.ALL : EntryId.parse(startId);
        try {
            stream(stream).createGroup(StreamCreateGroupArgs.name(group).id(start).makeStream());
            return true;
        } catch (RuntimeException e) {
            if (RedisErrors.isBusyGroup(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The stream for reading entries to dispatch, with {@link EntryCodec}: fields stored twice and bytes that are
     * not UTF-8 survive the read; {@link #entries} turns the result into {@link StreamEntry}s.
     */
    public RStream<StoredText, StoredText> entryStream(String name) {
        return redisson.getStream(name, EntryCodec.INSTANCE);
    }

    /** Turns Redisson's read result for one stream into entries, keeping order; null field maps become empty. */
    public static List<StreamEntry> entries(String stream, Map<StreamMessageId, Map<StoredText, StoredText>> read) {
        List<StreamEntry> out = new ArrayList<>(read == null ? 0 : read.size());
        if (read != null) {
            read.forEach((id, fields) -> {
                FieldReader reader = new FieldReader(fields == null ? 0 : fields.size());
                if (fields != null) {
                    fields.forEach(reader::add);
                }
                out.add(reader.entry(stream, EntryId.format(id), () -> flatten(fields)));
            });
        }
        return out;
    }

    private static List<StoredText> flatten(Map<StoredText, StoredText> fields) {
        List<StoredText> flat = new ArrayList<>(fields.size() * 2);
        fields.forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });
        return flat;
    }

    /** Collects an entry's fields as read with {@link EntryCodec}, noting the first one that cannot be text. */
    static final class FieldReader {
        private final StoredFields.Builder builder;
        private String field;
        private String reason;

        FieldReader(int size) {
            this.builder = new StoredFields.Builder(size);
        }

        void add(StoredText name, StoredText value) {
            if (builder.put(name.text(), value.text()) != null) {
                fault(name, "stored more than once (PHP reads the last)");
            } else if (!name.validUtf8()) {
                fault(name, "name is not valid UTF-8");
            } else if (!value.validUtf8()) {
                fault(name, "value is not valid UTF-8");
            }
        }

        private void fault(StoredText name, String why) {
            if (reason == null) {
                field = name.text();
                reason = why;
            }
        }

        /** @param storedFields the fields as read, names and values alternating; asked for only when one is at fault */
        StreamEntry entry(String stream, String id, Supplier<List<StoredText>> storedFields) {
            StoredFields fields = builder.build();
            if (reason == null) {
                return new StreamEntry(stream, id, fields);
            }
            List<StoredText> stored = storedFields.get();
            List<Unreadable.StoredField> raw = new ArrayList<>(stored.size() / 2);
            for (int i = 0; i + 1 < stored.size(); i += 2) {
                raw.add(new Unreadable.StoredField(stored.get(i).bytes(), stored.get(i + 1).bytes()));
            }
            return new StreamEntry(stream, id, fields, new Unreadable(field, reason, raw));
        }
    }
}
