package dev.streambus.projection.source;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.Projection;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@RedisTest
class ReplaySourceTest {

    private final RedisStreams redis;

    ReplaySourceTest(RedissonClient redisson) {
        this.redis = new RedisStreams(redisson);
    }

    @Test
    void mergesByEntryIdAndBreaksEqualIdsInTheOrderStreamsWereGiven(TestKeys keys) {
        // "z..." is given first but sorts last by name: ties must follow the given order, not the key
        String placed = keys.stream("z-placed");
        String paid = keys.stream("a-paid");
        add(placed, "1000-0", "1000-1", "3000-0");
        add(paid, "1000-0", "2000-0", "3000-0");
        Projection projection = Projection.named("merge_test")
                .on(placed, Object.class, (e, m, c) -> { })
                .on(paid, Object.class, (e, m, c) -> { })
                .reset(c -> { })
                .build();
        Map<String, EntryId> from = new LinkedHashMap<>();
        from.put(placed, EntryId.MIN);
        from.put(paid, EntryId.MIN);
        List<String> order = new ArrayList<>();
        try (ReplaySource source = new ReplaySource(redis, from, 2, new EntryDecoder(projection))) {
            for (List<Envelope> batch = source.nextBatch(3); !batch.isEmpty(); batch = source.nextBatch(3)) {
                batch.forEach(e -> order.add(e.stream().substring(e.stream().lastIndexOf(':') + 1) + "@"
                        + e.entry().id()));
            }
            assertEquals(EntryId.of("3000-0"), source.endPositions().get(paid));
        }
        assertEquals(List.of("z-placed@1000-0", "a-paid@1000-0", "z-placed@1000-1", "a-paid@2000-0",
                "z-placed@3000-0", "a-paid@3000-0"), order);
    }

    @Test
    void stopsAtEachStreamsBoundWhateverIsAppendedWhileReading(TestKeys keys) {
        String placed = keys.stream("placed");
        String paid = keys.stream("paid");
        add(placed, "1000-0", "2000-0", "3000-0", "4000-0", "5000-0");
        add(paid, "1500-0", "2500-0");
        Projection projection = Projection.named("bound_test")
                .on(placed, Object.class, (e, m, c) -> { })
                .on(paid, Object.class, (e, m, c) -> { })
                .reset(c -> { })
                .build();
        Map<String, EntryId> from = new LinkedHashMap<>();
        from.put(placed, EntryId.of("1000-0"));
        from.put(paid, EntryId.MIN);
        Map<String, EntryId> until = Map.of(placed, EntryId.of("4000-0"), paid, EntryId.of("2500-0"));

        List<String> read = new ArrayList<>();
        try (ReplaySource source = new ReplaySource(redis, from, until, 2, new EntryDecoder(projection))) {
            for (List<Envelope> batch = source.nextBatch(2); !batch.isEmpty(); batch = source.nextBatch(2)) {
                batch.forEach(e -> read.add(e.entry().id()));
                add(placed, "9" + read.size() + "000-0"); // a producer appending while the replay reads
                add(paid, "9" + read.size() + "000-0");
            }
            assertEquals(Map.of(placed, EntryId.of("4000-0"), paid, EntryId.of("2500-0")),
                    source.endPositions(), "ended exactly at the bounds");
        }
        assertEquals(List.of("1500-0", "2000-0", "2500-0", "3000-0", "4000-0"), read);
    }

    private void add(String stream, String... ids) {
        for (String id : ids) {
            redis.stream(stream).add(EntryId.parse(id), StreamAddArgs.entries(Map.of("name", stream, "data", "{}")));
        }
    }
}
