package dev.streambus.archive;

import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Moves entries between a stream and an {@link ArchiveStorage}, like Laravel Streamer's {@code StreamArchiver}.
 *
 * <p>Archive: store, then XDEL; if the entry was already gone, the stored copy is deleted again and an
 * {@link ArchiveException} is thrown (nothing is archived twice). Restore: delete from storage, then XADD the
 * {@link #restoreFields restored fields}; if the XADD fails, the message is stored again and an
 * {@link ArchiveException} is thrown. So a message is never lost, though for a moment it may be in neither place
 * (restore) or in both (archive). A restored message goes back to the stream it was archived from.
 *
 * <p><b>Type:</b> PHP's archiver drops {@code type}, so PHP restores a {@code notification} or {@code command} as an
 * {@code event} (with a hash over {@code event}). This archiver keeps the whole entry and restores the real type,
 * with the hash recomputed over it; for {@code event} entries the restored entry is identical to PHP's.
 */
public final class StreamArchiver {

    private final RedisStreams streams;
    private final ArchiveStorage storage;
    private final AgedEntries aged;
    private final Clock clock;

    /** @param clock gives {@code created} (seconds) to a restored message that had none */
    public StreamArchiver(RedissonClient redisson, ArchiveStorage storage, Clock clock) {
        this.streams = new RedisStreams(Objects.requireNonNull(redisson, "redisson"));
        this.storage = Objects.requireNonNull(storage, "storage");
        this.aged = new AgedEntries(redisson);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ArchiveStorage storage() {
        return storage;
    }

    /**
     * Stores the entry, then deletes it from its stream.
     *
     * @throws ArchiveException when it could not be stored, or was no longer in the stream (then it is not kept)
     */
    public void archive(ArchivedMessage message) {
        storage.create(message);
        long deleted;
        try {
            deleted = streams.stream(message.stream()).remove(EntryId.parse(message.id()));
        } catch (RuntimeException e) {
            storage.delete(message.stream(), message.id());
            throw new ArchiveException("entry " + message.id() + " of '" + message.stream()
                    + "' could not be deleted, it is not archived: " + e.getMessage(), e);
        }
        if (deleted == 0) {
            storage.delete(message.stream(), message.id());
            throw new ArchiveException("Stream message could not be deleted, message will not be archived (entry "
                    + message.id() + " of '" + message.stream() + "' is gone).");
        }
    }

    /** Archives every entry of {@code streams} older than {@code age}; one outcome per entry, in order. */
    public List<EntryOutcome> archiveOlderThan(Collection<String> streamNames, OlderThan age, Clock now) {
        Instant cutoff = age.cutoff(now);
        List<EntryOutcome> outcomes = new ArrayList<>();
        for (String stream : streamNames) {
            aged.forEach(stream, cutoff, entry -> {
                try {
                    archive(new ArchivedMessage(stream, entry.id(), entry.fields()));
                    outcomes.add(EntryOutcome.done(stream, entry.id()));
                } catch (ArchiveException e) {
                    outcomes.add(EntryOutcome.failed(stream, entry.id(), e.getMessage()));
                }
            });
        }
        return outcomes;
    }

    /**
     * Puts an archived message back on its stream with a new id and returns it.
     *
     * @throws ArchiveException when it was not in the storage, has no {@code name} or {@code data}, or Redis refused
     *                          the XADD (then it is stored again)
     */
    public String restore(ArchivedMessage message) {
        LinkedHashMap<String, String> fields = restoreFields(message, clock);
        if (!storage.delete(message.stream(), message.id())) {
            throw new ArchiveException("Message was not deleted from the archive storage, message will not be "
                    + "restored (entry " + message.id() + " of '" + message.stream() + "').");
        }
        try {
            return EntryId.format(streams.stream(message.stream()).add(StreamAddArgs.entries(fields)));
        } catch (RuntimeException e) {
            storage.create(message);
            throw new ArchiveException("restoring entry " + message.id() + " onto '" + message.stream()
                    + "' failed, it stays archived: " + e.getMessage(), e);
        }
    }

    /** Restores each message, in order; one outcome per message (the new id, or why not). */
    public List<EntryOutcome> restoreAll(Collection<ArchivedMessage> messages) {
        List<EntryOutcome> outcomes = new ArrayList<>();
        for (ArchivedMessage message : messages) {
            try {
                outcomes.add(new EntryOutcome(message.stream(), message.id(), true, restore(message), null));
            } catch (ArchiveException e) {
                outcomes.add(EntryOutcome.failed(message.stream(), message.id(), e.getMessage()));
            }
        }
        return outcomes;
    }

    /**
     * The fields a restore writes, in PHP's order: {@code _id} ({@code *}), {@code original_id} (the archived id),
     * {@code type} (the archived type, {@code event} when absent), {@code version} ({@code 1.3}), {@code name},
     * {@code domain} ({@code ""} when absent), {@code created} (as stored; now when absent), {@code data} (the stored
     * bytes) and {@code hash} = sha256(type . name . domain . data).
     *
     * @throws ArchiveException when {@code name} or {@code data} is missing
     */
    public static LinkedHashMap<String, String> restoreFields(ArchivedMessage message, Clock clock) {
        String name = message.name();
        String data = message.fields().get(StreamerMessage.DATA);
        if (name == null || data == null) {
            throw new ArchiveException("archived entry " + message.id() + " of '" + message.stream() + "' has no "
                    + (name == null ? "name" : "data") + " field; it cannot be restored");
        }
        String type = message.type();
        String domain = message.fields().getOrDefault(StreamerMessage.DOMAIN, "");
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put(StreamerMessage.ID, "*");
        fields.put(StreamerMessage.ORIGINAL_ID, message.id());
        fields.put(StreamerMessage.TYPE, type);
        fields.put(StreamerMessage.VERSION_FIELD, StreamerMessage.VERSION);
        fields.put(StreamerMessage.NAME, name);
        fields.put(StreamerMessage.DOMAIN, domain);
        fields.put(StreamerMessage.CREATED, message.fields().getOrDefault(StreamerMessage.CREATED,
                Long.toString(clock.millis() / 1000)));
        fields.put(StreamerMessage.DATA, data);
        fields.put(StreamerMessage.HASH, StreamerMessage.hash(type, name, domain, data));
        return fields;
    }
}
