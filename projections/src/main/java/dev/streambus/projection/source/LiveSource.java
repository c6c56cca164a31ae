package dev.streambus.projection.source;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.GroupSource;
import dev.streambus.consume.StreamGrouping;
import dev.streambus.consume.StreamReader;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * New entries of the projection's event streams through its own consumer group ({@code projection.<name>} by
 * default) with core's {@link GroupSource}: own pending entries first after a restart, then idle entries reclaimed
 * from anyone, then new ones. Not thread-safe: one live loop.
 *
 * <p>The streams are read in {@linkplain StreamGrouping reader groups}: one on a single Redis server, one per hash
 * slot on a Redis Cluster (which serves a multi-key XREADGROUP only within one slot), each its own
 * {@link GroupSource} with its own cursors. With one group {@link #next()} is that group's blocking read. With
 * several it reads every group without blocking (starting with a different one each call, filling one batch) and,
 * when all were empty, blocks on one of them in turn for {@code block / groups}: a call still blocks at most
 * {@code block}, and a new entry in any slot waits at most about {@code block / groups}. Each stream is in exactly
 * one group, so its entries keep their order; each entry is acknowledged through its stream's group.
 *
 * <p>Order across streams: each batch is handed out in entry-id order (entries of different streams with equal ids
 * in the order the streams were given, the projection's registration order), the order a replay applies them in,
 * rather than one stream after the other as XREADGROUP returns them. Entries of different batches keep only their
 * per-stream order.
 *
 * <p>As a {@link StreamReader} it is what the projection's live loop (core's {@link dev.streambus.consume.ReadLoop})
 * reads from: {@link #next(int)} returns the deliveries undecoded, {@link #decode} decodes them.
 */
public final class LiveSource implements StreamReader {

    private static final Duration MIN_BLOCK = Duration.ofMillis(1);

    private final RedisStreams redis;
    private final List<String> streams;
    private final ConsumerConfig config;
    private final List<GroupSource> groups;
    private final List<List<String>> streamGroups;
    private final Map<String, GroupSource> groupOfStream = new HashMap<>();
    private final EntryDecoder decoder;
    private final Comparator<Delivery> inIdOrder;
    private int turn;

    /** Reads by hash slot when {@code redis} is a cluster connection, else all streams in one read. */
    public LiveSource(RedisStreams redis, List<String> streams, ConsumerConfig config, EntryDecoder decoder) {
        this(redis, streams, config, decoder,
                redis.redisson().getConfig().isClusterConfig() ? StreamGrouping.BY_SLOT : StreamGrouping.ONE);
    }

    /** Reads the reader groups {@code grouping} splits {@code streams} into. */
    public LiveSource(RedisStreams redis, List<String> streams, ConsumerConfig config, EntryDecoder decoder,
                      StreamGrouping grouping) {
        this.redis = redis;
        this.streams = List.copyOf(streams);
        this.config = config;
        this.decoder = decoder;
        Map<String, Integer> rank = new HashMap<>();
        this.streams.forEach(stream -> rank.putIfAbsent(stream, rank.size()));
        this.inIdOrder = Comparator.comparing((Delivery d) -> d.entry().id(), EntryId.ORDER)
                .thenComparing(d -> rank.getOrDefault(d.entry().stream(), Integer.MAX_VALUE));
        List<List<String>> parts = grouping.split(this.streams);
        this.streamGroups = List.copyOf(parts);
        ConsumerConfig each = parts.size() == 1 ? config : config.toBuilder()
                .block(Duration.ofNanos(Math.max(MIN_BLOCK.toNanos(), config.block().toNanos() / parts.size())))
                .build();
        List<GroupSource> sources = new ArrayList<>(parts.size());
        for (List<String> part : parts) {
            GroupSource source = new GroupSource(redis, part, each, Clock.systemUTC());
            sources.add(source);
            part.forEach(stream -> groupOfStream.put(stream, source));
        }
        this.groups = List.copyOf(sources);
    }

    /** The default group name of a projection. */
    public static String groupName(String projection) {
        return "projection." + projection;
    }

    public String group() {
        return config.group();
    }

    /** The streams of each reader group, in reading order. */
    public List<List<String>> streamGroups() {
        return streamGroups;
    }

    /** How many reader groups the streams are read in (one per hash slot on a cluster). */
    public int readerGroups() {
        return groups.size();
    }

    /** Creates missing groups; (re)starts with this consumer's own pending entries. */
    @Override
    public void open() {
        groups.forEach(GroupSource::open);
    }

    /** The next deliveries, decoded; may block up to the configured BLOCK time and return none. */
    public List<Envelope> next() {
        return decode(next(config.batchSize()));
    }

    /**
     * The next deliveries, at most {@code max} and {@code batchSize}, undecoded; may block up to the configured BLOCK
     * time and return none.
     */
    @Override
    public List<Delivery> next(int max) {
        int limit = Math.min(max, config.batchSize());
        List<Delivery> batch = groups.size() == 1 ? groups.get(0).next(limit) : nextOfAll(limit);
        if (batch.size() > 1 && streams.size() > 1) {
            batch = new ArrayList<>(batch);
            batch.sort(inIdOrder);
        }
        return batch;
    }

    /**
     * Up to one batch from the groups read without blocking, starting with the group after the previous call's
     * first; when all were empty, one blocking read of the next group in turn.
     */
    private List<Delivery> nextOfAll(int limit) {
        int first = turn;
        turn = (turn + 1) % groups.size();
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < groups.size() && out.size() < limit; i++) {
            out.addAll(groups.get((first + i) % groups.size()).poll(limit - out.size()));
        }
        return out.isEmpty() ? groups.get(first).next(limit) : out;
    }

    /** {@code deliveries} decoded, in order (never throws: see {@link EntryDecoder#decode}). */
    public List<Envelope> decode(List<Delivery> deliveries) {
        List<Envelope> out = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            out.add(decoder.decode(d.entry()));
        }
        return out;
    }

    /** The permanent errors the group sources contain now (streams skipped, reclaim failing); see GroupSource. */
    @Override
    public List<ConsumerState.Problem> problems() {
        if (groups.size() == 1) {
            return groups.get(0).problems();
        }
        List<ConsumerState.Problem> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.problems()));
        return all;
    }

    /** Rereads this consumer's own pending entries at the next read of each group. */
    @Override
    public void redoPending() {
        groups.forEach(GroupSource::redoPending);
    }

    /** Acknowledges {@code done} (XACK), each entry through the group of its stream. */
    public void acknowledge(List<Envelope> done) {
        if (groups.size() == 1) {
            groups.get(0).acknowledge(entries(done));
            return;
        }
        Map<GroupSource, List<Envelope>> byGroup = new LinkedHashMap<>();
        done.forEach(e -> byGroup.computeIfAbsent(groupOf(e.entry().stream()), g -> new ArrayList<>()).add(e));
        byGroup.forEach((g, part) -> g.acknowledge(entries(part)));
    }

    private GroupSource groupOf(String stream) {
        GroupSource group = groupOfStream.get(stream);
        if (group == null) {
            throw new IllegalArgumentException("entry of stream '" + stream + "' is not one of this projection's "
                    + "streams " + streams);
        }
        return group;
    }

    private static List<StreamEntry> entries(List<Envelope> done) {
        List<StreamEntry> entries = new ArrayList<>(done.size());
        done.forEach(e -> entries.add(e.entry()));
        return entries;
    }

    /**
     * Sets the group's last-delivered id of each stream to the given position (XGROUP SETID; the group is created
     * there when missing), so {@code >} continues right after it. Pending entries stay pending.
     */
    public void moveTo(Map<String, EntryId> positions) {
        for (String stream : streams) {
            EntryId p = positions.getOrDefault(stream, EntryId.MIN);
            if (!redis.ensureGroup(stream, config.group(), p.toString())) {
                redis.stream(stream).updateGroupMessageId(config.group(), p.toMessageId());
            }
        }
    }
}
