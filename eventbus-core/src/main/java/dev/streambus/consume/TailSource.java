package dev.streambus.consume;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StoredText;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamMultiReadArgs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads without a consumer group (Laravel Streamer's mode without {@code --group}), from the last entry id it
 * returned: never from {@code $} after the start, so entries added while handlers run are not skipped (the bug of
 * Laravel Streamer's own tail). {@code $} as a start is resolved once to the stream's current last id.
 * Nothing is acknowledged ({@link Acker#NONE}); a failed entry is not retried (it is recorded in {@code failed_stream}).
 */
public final class TailSource implements StreamReader {

    private final RedisStreams redis;
    private final List<String> streams;
    private final ConsumerConfig config;
    private final Map<String, StreamMessageId> cursors = new LinkedHashMap<>();

    public TailSource(RedisStreams redis, List<String> streams, ConsumerConfig config) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams to read: register at least one listener");
        }
        this.redis = redis;
        this.streams = List.copyOf(streams);
        this.config = config;
    }

    @Override
    public void open() {
        if (!cursors.isEmpty()) {
            return; // keep the position across reconnects
        }
        for (String stream : streams) {
            cursors.put(stream, startId(stream));
        }
    }

    private StreamMessageId startId(String stream) {
        String start = config.startFrom();
        if ("$".equals(start)) {
            var last = redis.stream(stream).rangeReversed(1, StreamMessageId.MAX, StreamMessageId.MIN);
            return last == null || last.isEmpty() ? new StreamMessageId(0, 0) : last.keySet().iterator().next();
        }
        return "0".equals(start) ? new StreamMessageId(0, 0) : EntryId.parse(start);
    }

    /** The id each stream will be read after: the last entry handed out. */
    public Map<String, String> positions() {
        Map<String, String> out = new LinkedHashMap<>();
        cursors.forEach((s, id) -> out.put(s, EntryId.format(id)));
        return out;
    }

    /** Reads every stream, each for {@code max / streams} entries (at least 1). */
    @Override
    public List<Delivery> next(int max) {
        String first = streams.get(0);
        Map<String, StreamMessageId> others = new LinkedHashMap<>(cursors);
        others.remove(first);
        StreamMultiReadArgs args = StreamMultiReadArgs.greaterThan(cursors.get(first), others)
                .count(Math.max(1, max / streams.size())).timeout(config.block());
        Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>> read = redis.entryStream(first).read(args);
        List<Delivery> out = new ArrayList<>();
        for (String stream : streams) {
            List<StreamEntry> page = RedisStreams.entries(stream, read == null ? null : read.get(stream));
            if (!page.isEmpty()) {
                cursors.put(stream, EntryId.parse(page.get(page.size() - 1).id()));
                page.forEach(e -> out.add(new Delivery(e, 1)));
            }
        }
        return out;
    }
}
