package dev.streambus.projection.source;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.StreamGrouping;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.Projection;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live source reading its streams in several reader groups (as on a cluster, one per slot; here one per stream on
 * the shared standalone server): every entry once, each stream in order, groups taking turns, and only acknowledged
 * entries leave the pending list.
 */
@RedisTest
class LiveSourceTest {

    private static final int PER_STREAM = 5;
    private static final StreamGrouping EACH_ALONE = streams -> streams.stream().map(List::of).toList();

    private final RedissonClient redisson;
    private final RedisStreams redis;

    LiveSourceTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.redis = new RedisStreams(redisson);
    }

    @Test
    void readsEveryGroupInTurnKeepingEachStreamsOrderAndRedoesWhatWasNotAcknowledged(TestKeys keys) {
        List<String> streams = List.of(keys.stream("a"), keys.stream("b"), keys.stream("c"));
        Projection.Builder builder = Projection.named("live_source_test").reset(c -> { });
        streams.forEach(s -> builder.on(s, Object.class, (e, m, c) -> { }));
        ConsumerConfig config = ConsumerConfig.builder().group("projection.live_source_test").consumer("c1")
                .startFrom("0").batchSize(4).block(Duration.ofMillis(300)).build();
        LiveSource source = new LiveSource(redis, streams, config, new EntryDecoder(builder.build()), EACH_ALONE);
        assertEquals(3, source.readerGroups());
        source.moveTo(Map.of());
        source.open();
        for (String s : streams) {
            for (int i = 1; i <= PER_STREAM; i++) {
                redis.stream(s).add(EntryId.parse(i + "-0"),
                        StreamAddArgs.entries(Map.of("name", s, "data", "{}")));
            }
        }

        List<List<Envelope>> batches = new ArrayList<>();
        int read = 0;
        for (int call = 0; call < 50 && read < 3 * PER_STREAM; call++) {
            List<Envelope> batch = source.next();
            assertTrue(batch.size() <= 4, "batch over batchSize: " + batch.size());
            if (!batch.isEmpty()) {
                batches.add(batch);
                read += batch.size();
            }
        }
        Map<String, List<String>> idsByStream = new LinkedHashMap<>();
        batches.forEach(b -> b.forEach(e ->
                idsByStream.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e.entry().id())));
        for (String s : streams) {
            assertEquals(List.of("1-0", "2-0", "3-0", "4-0", "5-0"), idsByStream.get(s), "each once, in order: " + s);
        }
        Set<String> firstStreams = new HashSet<>();
        batches.subList(0, 3).forEach(b -> firstStreams.add(b.get(0).stream()));
        assertEquals(3, firstStreams.size(), "each group starts a batch in turn: " + batches);

        List<Envelope> lastBatch = batches.get(batches.size() - 1);
        batches.subList(0, batches.size() - 1).forEach(source::acknowledge);
        assertEquals(lastBatch.size(), pending(streams), "only the acknowledged entries left the pending list");

        source.open(); // a restart: own pending entries first
        List<String> redone = new ArrayList<>();
        source.next().forEach(e -> redone.add(e.stream() + "/" + e.entry().id()));
        List<String> expected = new ArrayList<>();
        lastBatch.forEach(e -> expected.add(e.stream() + "/" + e.entry().id()));
        assertEquals(Set.copyOf(expected), Set.copyOf(redone), "unacknowledged entries redone");
        source.acknowledge(lastBatch);
        assertEquals(0, pending(streams));
        assertTrue(source.next().isEmpty(), "nothing new");
    }

    @Test
    void handsOutABatchInEntryIdOrderAcrossStreamsAsAReplayWould(TestKeys keys) {
        // one XREADGROUP returns one stream after the other; "shipped" is registered first and would come first
        String shipped = keys.stream("shipped");
        String placed = keys.stream("placed");
        List<String> streams = List.of(shipped, placed);
        Projection.Builder builder = Projection.named("live_source_test").reset(c -> { });
        streams.forEach(s -> builder.on(s, Object.class, (e, m, c) -> { }));
        ConsumerConfig config = ConsumerConfig.builder().group("projection.live_source_test").consumer("c1")
                .startFrom("0").batchSize(10).block(Duration.ofMillis(300)).build();
        LiveSource source = new LiveSource(redis, streams, config, new EntryDecoder(builder.build()),
                StreamGrouping.ONE);
        source.moveTo(Map.of());
        source.open();
        add(placed, "1-0", "3-0");
        add(shipped, "2-0", "3-0", "4-0");

        List<String> order = new ArrayList<>();
        source.next().forEach(e -> order.add(e.stream().substring(e.stream().lastIndexOf(':') + 1) + "@"
                + e.entry().id()));
        assertEquals(List.of("placed@1-0", "shipped@2-0", "shipped@3-0", "placed@3-0", "shipped@4-0"), order,
                "id order, equal ids in registration order");
    }

    private void add(String stream, String... ids) {
        for (String id : ids) {
            redis.stream(stream).add(EntryId.parse(id), StreamAddArgs.entries(Map.of("name", stream, "data", "{}")));
        }
    }

    private long pending(List<String> streams) {
        return streams.stream().mapToLong(s -> redisson.<String, String>getStream(s, StringCodec.INSTANCE)
                .getPendingInfo("projection.live_source_test").getTotal()).sum();
    }
}
