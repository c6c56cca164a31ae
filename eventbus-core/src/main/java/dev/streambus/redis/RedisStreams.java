package dev.streambus.redis;

import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stream access with the one codec PHP can read: every field a plain UTF-8 string ({@link StringCodec}), never
 * Redisson's default binary codec.
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

    /** Turns Redisson's read result for one stream into entries, keeping order; null field maps become empty. */
    public static List<StreamEntry> entries(String stream, Map<StreamMessageId, Map<String, String>> read) {
        List<StreamEntry> out = new ArrayList<>(read == null ? 0 : read.size());
        if (read != null) {
            read.forEach((id, fields) -> out.add(new StreamEntry(stream, EntryId.format(id),
                    fields == null ? Map.of() : fields)));
        }
        return out;
    }
}
