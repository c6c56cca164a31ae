package dev.streambus.projection.source;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.GroupSource;
import dev.streambus.projection.store.Position;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * New entries of the projection's event streams through its own consumer group ({@code projection.<name>} by
 * default) with core's {@link GroupSource}: own pending entries first after a restart, then idle entries reclaimed
 * from anyone, then new ones. Not thread-safe: one live loop.
 */
public final class LiveSource {

    private final RedisStreams redis;
    private final List<String> streams;
    private final ConsumerConfig config;
    private final GroupSource group;
    private final EntryDecoder decoder;

    public LiveSource(RedisStreams redis, List<String> streams, ConsumerConfig config, EntryDecoder decoder) {
        this.redis = redis;
        this.streams = List.copyOf(streams);
        this.config = config;
        this.group = new GroupSource(redis, streams, config, Clock.systemUTC());
        this.decoder = decoder;
    }

    /** The default group name of a projection. */
    public static String groupName(String projection) {
        return "projection." + projection;
    }

    public String group() {
        return config.group();
    }

    /** Creates missing groups; (re)starts with this consumer's own pending entries. */
    public void open() {
        group.open();
    }

    /** The next deliveries, decoded; may block up to the configured BLOCK time and return none. */
    public List<Envelope> next() {
        List<Delivery> deliveries = group.next(config.batchSize());
        List<Envelope> out = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            out.add(decoder.decode(d.entry()));
        }
        return out;
    }

    /** The permanent errors the group source contains now (streams skipped, reclaim failing); see GroupSource. */
    public List<ConsumerState.Problem> problems() {
        return group.problems();
    }

    public void acknowledge(List<Envelope> done) {
        List<StreamEntry> entries = new ArrayList<>(done.size());
        done.forEach(e -> entries.add(e.entry()));
        group.acknowledge(entries);
    }

    /**
     * Sets the group's last-delivered id of each stream to the given position (XGROUP SETID; the group is created
     * there when missing), so {@code >} continues right after it. Pending entries stay pending.
     */
    public void moveTo(Map<String, Position> positions) {
        for (String stream : streams) {
            Position p = positions.getOrDefault(stream, Position.ZERO);
            if (!redis.ensureGroup(stream, config.group(), p.toString())) {
                redis.stream(stream).updateGroupMessageId(config.group(), p.toMessageId());
            }
        }
    }
}
