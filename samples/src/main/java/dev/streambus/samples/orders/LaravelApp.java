package dev.streambus.samples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streambus.redis.EntryId;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stands in for a Laravel app: XADDs {@code user.created} with the fields PHP's {@code Streamer::emit} wrote in a
 * recorded golden vector ({@code laravel/user.created.json}), byte for byte, as {@code redis-cli} would.
 */
final class LaravelApp {

    private final RedissonClient redisson;
    private final Map<String, String> fields = new LinkedHashMap<>();

    LaravelApp(RedissonClient redisson) {
        this.redisson = redisson;
        try (InputStream in = LaravelApp.class.getResourceAsStream("/laravel/user.created.json")) {
            JsonNode recorded = new ObjectMapper().readTree(in);
            recorded.get("fields").forEach(pair -> fields.put(pair.get(0).asText(), pair.get(1).asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> fields() {
        return fields;
    }

    String emitUserCreated() {
        return EntryId.format(redisson.<String, String>getStream("user.created", StringCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields)));
    }
}
