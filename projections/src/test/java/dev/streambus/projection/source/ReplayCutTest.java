package dev.streambus.projection.source;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cut a replay stops at: everything stored before it is inside, nothing stored after it is, on every stream. */
@RedisTest
class ReplayCutTest {

    private final RedisStreams redis;

    ReplayCutTest(RedissonClient redisson) {
        this.redis = new RedisStreams(redisson);
    }

    @Test
    void everyEntryStoredBeforeTheCallIsInsideEvenInTheSameMillisecond(TestKeys keys) throws Exception {
        String stream = keys.stream("placed");
        for (int i = 0; i < 20; i++) {
            StreamMessageId added = redis.stream(stream).add(StreamAddArgs.entries(Map.of("n", "" + i)));
            assertEquals(EntryId.of(EntryId.format(added)), ReplayCut.now(redis, List.of(stream)).get(stream),
                    "round " + i);
        }
    }

    @Test
    void anEntryWithAnIdPastTheServerClockIsLeftToTheLivePathOnItsStream(TestKeys keys) throws Exception {
        String placed = keys.stream("placed");
        String shipped = keys.stream("shipped");
        StreamMessageId placedId = redis.stream(placed).add(StreamAddArgs.entries(Map.of("n", "1")));
        long hourAhead = redis.serverMillis(placed) + 3_600_000;
        redis.stream(shipped).add(new StreamMessageId(hourAhead, 0), StreamAddArgs.entries(Map.of("n", "2")));

        Map<String, EntryId> cut = ReplayCut.now(redis, List.of(placed, shipped, keys.stream("missing")));

        assertEquals(EntryId.of(EntryId.format(placedId)), cut.get(placed));
        EntryId shippedBound = cut.get(shipped);
        assertTrue(shippedBound.isAfter(cut.get(placed)) && shippedBound.ms() < hourAhead,
                "the future entry is past the cut, which is after what was stored: " + cut);
        assertEquals(Long.MAX_VALUE, shippedBound.seq(), "the whole millisecond before the clock: " + cut);
        assertEquals(EntryId.MIN, cut.get(keys.stream("missing")), "a stream that does not exist");
        assertEquals(List.of(placed, shipped, keys.stream("missing")), List.copyOf(cut.keySet()), "in given order");
    }
}
