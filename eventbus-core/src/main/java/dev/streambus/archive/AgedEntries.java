package dev.streambus.archive;

import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StoredText;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Walks a stream oldest first (XRANGE pages) and hands over the entries old enough: {@code created} (Unix seconds)
 * at or before the cut-off, as {@code streamer:archive}/{@code streamer:purge} select them. An entry whose
 * {@code created} is missing or not a number is judged by the time Redis stored it (its id). The walk reads pages
 * after the last id seen, so the handler may delete the entries it gets; entries added meanwhile are seen if old
 * enough.
 */
public final class AgedEntries {

    private static final int PAGE = 500;

    private final RedisStreams streams;

    public AgedEntries(RedissonClient redisson) {
        this.streams = new RedisStreams(Objects.requireNonNull(redisson, "redisson"));
    }

    /** Calls {@code handler} for each entry of {@code stream} created at or before {@code cutoff}, oldest first. */
    public void forEach(String stream, Instant cutoff, Consumer<StreamEntry> handler) {
        StreamMessageId from = StreamMessageId.MIN;
        while (true) {
            Map<StreamMessageId, Map<StoredText, StoredText>> page = streams.entryStream(stream).range(PAGE, from,
                    StreamMessageId.MAX);
            List<StreamEntry> entries = RedisStreams.entries(stream, page);
            for (StreamEntry entry : entries) {
                if (!createdAt(entry).isAfter(cutoff)) {
                    handler.accept(entry);
                }
            }
            if (entries.size() < PAGE) {
                return;
            }
            from = EntryId.successor(EntryId.parse(entries.get(entries.size() - 1).id()));
        }
    }

    /** The entry's {@code created} second, or the time in its id when {@code created} is not a number. */
    public static Instant createdAt(StreamEntry entry) {
        String created = entry.fields().get(StreamerMessage.CREATED);
        if (created != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(created));
            } catch (NumberFormatException e) {
                // judged by the id below
            }
        }
        return Instant.ofEpochMilli(EntryId.millis(entry.id()));
    }
}
