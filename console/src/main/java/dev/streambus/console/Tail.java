package dev.streambus.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import io.javalin.http.sse.SseClient;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadArgs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import static dev.streambus.console.Views.map;

/**
 * The live tail: Server-Sent Events, one {@code entry} event per new entry of a stream (plain XREAD BLOCK 1 s, no
 * group: nothing is acknowledged or changed). At most {@code maxTails} run at once; one more gets an {@code error}
 * event and is closed.
 */
final class Tail {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RedisStreams streams;
    private final Semaphore slots;
    private volatile boolean closed;

    Tail(RedisStreams streams, int maxTails) {
        this.streams = streams;
        this.slots = new Semaphore(maxTails);
    }

    void handle(SseClient client) {
        String stream = client.ctx().queryParam("stream");
        if (stream == null || stream.isEmpty()) {
            client.sendEvent("error", "missing query parameter 'stream'");
            return;
        }
        if (!slots.tryAcquire()) {
            client.sendEvent("error", "too many live tails open; close one");
            return;
        }
        try {
            RStream<String, String> tailed = streams.stream(stream);
            StreamMessageId after = last(tailed);
            client.sendEvent("ready", stream);
            while (!closed && !client.terminated() && !Thread.currentThread().isInterrupted()) {
                Map<StreamMessageId, Map<String, String>> read = tailed.read(StreamReadArgs.greaterThan(after)
                        .count(100).timeout(Duration.ofSeconds(1)));
                if (read == null || read.isEmpty()) {
                    client.sendComment("keep-alive");
                    continue;
                }
                for (Map.Entry<StreamMessageId, Map<String, String>> e : read.entrySet()) {
                    after = e.getKey();
                    List<List<String>> fields = new ArrayList<>();
                    e.getValue().forEach((k, v) -> fields.add(List.of(k, v)));
                    client.sendEvent("entry", json(map("id", EntryId.format(e.getKey()), "fields", fields)));
                }
            }
        } finally {
            slots.release();
            client.close();
        }
    }

    /** Ends every open tail within about a second (their XREAD BLOCK returns). */
    void close() {
        closed = true;
    }

    private static StreamMessageId last(RStream<String, String> stream) {
        Map<StreamMessageId, Map<String, String>> last = stream.rangeReversed(1, StreamMessageId.MAX,
                StreamMessageId.MIN);
        return last.isEmpty() ? new StreamMessageId(0, 0) : last.keySet().iterator().next();
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
