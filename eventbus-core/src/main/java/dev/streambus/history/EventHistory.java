package dev.streambus.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Laravel Streamer's {@code History::replay}: the state of one entity rebuilt from its replayable events.
 *
 * <p>Reads the history list {@code <event>-<identifier>} (LRANGE, newest first), then the stream {@code <event>}
 * from the oldest to the newest snapshot's id (one XRANGE), and copies the <b>top-level</b> members of each
 * snapshot's {@code data}, oldest first, over the result: later events win, a nested object is replaced and not
 * merged (so a field dropped from a nested object is gone). Snapshots whose entry was deleted or trimmed are
 * skipped. For the same Redis data this gives the same state PHP computes. A {@code data} that is a JSON list
 * contributes its elements under the keys {@code "0"}, {@code "1"}, ..., as PHP's array copy does.
 *
 * <p>Read-only; numbers keep their stored form ({@link PhpJson#decode}).
 */
public final class EventHistory {

    private final RedissonClient redisson;
    private final RedisStreams streams;

    public EventHistory(RedissonClient redisson) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.streams = new RedisStreams(redisson);
    }

    /**
     * The merged state of {@code identifier}, or empty when it has no history (PHP fails with
     * {@code Undefined array key 0} there).
     *
     * @throws IllegalArgumentException when a list element is not a history snapshot or an entry's data is not JSON
     */
    public Optional<ObjectNode> replay(String event, String identifier) {
        return replay(event, identifier, null);
    }

    /**
     * As {@link #replay(String, String)}, but stops at the first snapshot (oldest first) whose date is at or after
     * {@code until} (PHP: {@code $until <= snapshot date}); null replays everything. Dates are compared as written
     * ({@code Y-m-d H:i:s} in the application's time zone).
     */
    public Optional<ObjectNode> replay(String event, String identifier, LocalDateTime until) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(identifier, "identifier");
        List<String> raw = redisson.<String>getList(HistorySnapshot.listKey(event, identifier), StringCodec.INSTANCE)
                .readAll();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        List<HistorySnapshot> newestFirst = new ArrayList<>(raw.size());
        raw.forEach(element -> newestFirst.add(HistorySnapshot.fromJson(element)));
        StreamMessageId first = EntryId.parse(newestFirst.get(newestFirst.size() - 1).id());
        StreamMessageId last = EntryId.parse(newestFirst.get(0).id());
        Map<String, String> dataById = new HashMap<>();
        streams.stream(event).range(first, last).forEach((id, fields) -> {
            if (fields != null && fields.get(StreamerMessage.DATA) != null) {
                dataById.put(EntryId.format(id), fields.get(StreamerMessage.DATA));
            }
        });

        ObjectNode result = PhpJson.mapper().createObjectNode();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            HistorySnapshot snapshot = newestFirst.get(i);
            if (until != null && !until.isAfter(snapshot.date())) {
                return Optional.of(result);
            }
            String data = dataById.get(snapshot.id());
            if (data != null) {
                merge(result, PhpJson.decode(data), event, snapshot.id());
            }
        }
        return Optional.of(result);
    }

    private static void merge(ObjectNode result, JsonNode data, String event, String id) {
        if (data.isObject()) {
            data.fields().forEachRemaining(member -> result.set(member.getKey(), member.getValue()));
        } else if (data.isArray()) {
            for (int i = 0; i < data.size(); i++) {
                result.set(Integer.toString(i), data.get(i));
            }
        } else if (!data.isNull()) {
            throw new IllegalArgumentException("stream '" + event + "' entry " + id
                    + " field 'data': not a JSON object or array");
        }
    }
}
