package dev.streambus.deadletter;

import dev.streambus.redis.RedisStreams;
import org.redisson.api.stream.StreamAddArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dead letters as a Redis stream per source stream, {@code <stream><suffix>}: the original fields in their order,
 * then {@code dead_original_id, dead_stream, dead_group, dead_consumer, dead_deliveries, dead_reason, dead_at}.
 */
public final class RedisDeadLetters implements DeadLetterSink {

    public static final String DEFAULT_SUFFIX = ":dead";
    public static final String PREFIX = "dead_";

    private static final Logger log = LoggerFactory.getLogger(RedisDeadLetters.class);

    private final RedisStreams streams;
    private final String suffix;
    private final Clock clock;

    public RedisDeadLetters(RedisStreams streams, String suffix, Clock clock) {
        if (suffix == null || suffix.isEmpty()) {
            throw new IllegalArgumentException("dead-letter suffix must not be empty");
        }
        this.streams = streams;
        this.suffix = suffix;
        this.clock = clock;
    }

    public String streamFor(String stream) {
        return stream + suffix;
    }

    @Override
    public void park(DeadLetter letter) {
        Map<String, String> fields = new LinkedHashMap<>(letter.entry().fields());
        fields.put(DeadLetterFields.ORIGINAL_ID, letter.entry().id());
        fields.put(DeadLetterFields.STREAM, letter.entry().stream());
        fields.put(DeadLetterFields.GROUP, letter.group() == null ? "" : letter.group());
        fields.put(DeadLetterFields.CONSUMER, letter.consumer() == null ? "" : letter.consumer());
        fields.put(DeadLetterFields.DELIVERIES, Long.toString(letter.deliveries()));
        fields.put(DeadLetterFields.REASON, letter.reason() == null ? "(no reason given)" : letter.reason());
        fields.put(DeadLetterFields.AT, clock.instant().toString());
        String target = streamFor(letter.entry().stream());
        streams.stream(target).add(StreamAddArgs.entries(fields));
        log.warn("dead-lettered entry {} of '{}' to '{}': {}", letter.entry().id(), letter.entry().stream(), target,
                letter.reason());
    }
}
