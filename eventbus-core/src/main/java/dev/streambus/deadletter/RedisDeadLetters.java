package dev.streambus.deadletter;

import dev.streambus.compat.text.Printable;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dead letters as a Redis stream per source stream, in its hash slot ({@link DeadLetterKeys}: {@code {s}:dead} for an
 * untagged {@code s}, {@code s:dead} for a tagged one): the original fields in their order,
 * then {@code dead_original_id, dead_stream, dead_group, dead_consumer, dead_deliveries, dead_reason, dead_at}.
 * An entry that could not be read as text ({@link StreamEntry#unreadable()}: a repeated field, bytes that are not
 * UTF-8) is copied byte for byte as stored, repeats included. {@code dead_reason} and the log line are
 * {@linkplain Printable escaped and bounded}; the copied fields are not changed.
 */
public final class RedisDeadLetters implements DeadLetterSink {

    public static final String DEFAULT_SUFFIX = ":dead";
    public static final String PREFIX = "dead_";

    private static final Logger log = LoggerFactory.getLogger(RedisDeadLetters.class);

    private final RedisStreams streams;
    private final DeadLetterKeys keys;
    private final Clock clock;

    public RedisDeadLetters(RedisStreams streams, String suffix, Clock clock) {
        this.streams = streams;
        this.keys = new DeadLetterKeys(suffix);
        this.clock = clock;
    }

    /** Where dead letters of {@code stream} are parked ({@link DeadLetterKeys#of}). */
    public String streamFor(String stream) {
        return keys.of(stream);
    }

    @Override
    public void park(DeadLetter letter) {
        StreamEntry entry = letter.entry();
        String reason = letter.reason() == null ? "(no reason given)" : Printable.message(letter.reason());
        Map<String, String> dead = new LinkedHashMap<>();
        dead.put(DeadLetterFields.ORIGINAL_ID, entry.id());
        dead.put(DeadLetterFields.STREAM, entry.stream());
        dead.put(DeadLetterFields.GROUP, letter.group() == null ? "" : letter.group());
        dead.put(DeadLetterFields.CONSUMER, letter.consumer() == null ? "" : letter.consumer());
        dead.put(DeadLetterFields.DELIVERIES, Long.toString(letter.deliveries()));
        dead.put(DeadLetterFields.REASON, reason);
        dead.put(DeadLetterFields.AT, clock.instant().toString());
        String target = streamFor(entry.stream());
        if (entry.unreadable() == null) {
            Map<String, String> fields = new LinkedHashMap<>(entry.fields());
            fields.putAll(dead);
            streams.stream(target).add(StreamAddArgs.entries(fields));
        } else {
            Map<byte[], byte[]> fields = new LinkedHashMap<>(); // byte[] keys compare by identity: repeats stay
            entry.unreadable().stored().forEach(f -> fields.put(f.name(), f.value()));
            dead.forEach((name, value) -> fields.put(utf8(name), utf8(value)));
            streams.redisson().<byte[], byte[]>getStream(target, ByteArrayCodec.INSTANCE)
                    .add(StreamAddArgs.entries(fields));
        }
        log.warn("dead-lettered entry {} of '{}' to '{}': {}", Printable.name(entry.id()),
                Printable.name(entry.stream()), Printable.name(target), reason);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
