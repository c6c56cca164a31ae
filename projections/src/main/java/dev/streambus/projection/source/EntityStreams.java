package dev.streambus.projection.source;

import dev.streambus.event.EntityEvent;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

import java.util.ArrayList;
import java.util.List;

/** Finds per-entity streams {@code <entityType>:*} with {@code SCAN ... MATCH ... TYPE stream} (never KEYS). */
public final class EntityStreams {

    private final RedissonClient redisson;

    public EntityStreams(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** Every existing stream of the entity type, sorted by key. */
    public List<String> find(String entityType) {
        List<String> out = new ArrayList<>();
        String pattern = escape(EntityEvent.streamKey(entityType, "")) + "*";
        for (String key : redisson.getKeys().getKeys(KeysScanOptions.defaults().pattern(pattern)
                .type(RType.STREAM).chunkSize(1000))) {
            out.add(key);
        }
        out.sort(null);
        return out;
    }

    static String escape(String literal) {
        StringBuilder sb = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
