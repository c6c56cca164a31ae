package dev.streambus.ops;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisExtension;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import dev.streambus.redis.connect.RedisOperationException;
import org.redisson.client.codec.StringCodec;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream, group and consumer status against real Redis, including the lag Redis cannot know. */
@RedisTest
class BusInspectorTest {

    private final RedissonClient redisson;
    private final Streams streams;
    private final BusInspector inspector;

    BusInspectorTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
        this.inspector = new BusInspector(redisson);
    }

    @Test
    void reportsLengthsGroupsConsumersAndExactLag(LocalRedis redis, TestKeys keys) {
        RedisExtension.assumeRedisAtLeast(redis, 7, 0, "XINFO GROUPS lag and entries-read");
        String stream = keys.stream("orders");
        List<String> ids = add(stream, 5);
        streams.xadd(DeadLetterKeys.DEFAULT.of(stream), "name", "x", "dead_reason", "test");
        String group = keys.name("g");
        createGroup(stream, group);
        read(stream, group, "c1", 2);

        StreamStatus status = inspector.status(stream);
        assertTrue(status.exists());
        assertEquals(5, status.length());
        assertEquals(ids.get(4), status.lastId());
        assertEquals(1, status.deadLetters());
        GroupStatus g = status.group(group).orElseThrow();
        assertEquals(1, g.consumerCount());
        assertEquals(2, g.pending());
        assertEquals(ids.get(1), g.lastDeliveredId());
        assertEquals(OptionalLong.of(2), g.entriesRead());
        assertEquals(OptionalLong.of(3), g.lag());
        ConsumerStatus c1 = g.consumers().get(0);
        assertEquals("c1", c1.name());
        assertEquals(2, c1.pending());
        assertTrue(c1.idleMillis() >= 0, c1.toString());
        assertEquals(redis.atLeast(7, 2), c1.inactiveMillis().isPresent(), "inactive only from Redis 7.2: " + c1);
    }

    @Test
    void lagIsUnknownNotZeroAfterAnXdelInTheUndeliveredRange(LocalRedis redis, TestKeys keys) {
        RedisExtension.assumeRedisAtLeast(redis, 7, 0, "XINFO GROUPS lag");
        String stream = keys.stream("orders");
        List<String> ids = add(stream, 5);
        String group = keys.name("g");
        createGroup(stream, group);
        read(stream, group, "c1", 1);
        stream(stream).remove(EntryId.parse(ids.get(3)));

        GroupStatus g = inspector.status(stream).group(group).orElseThrow();
        assertEquals(OptionalLong.empty(), g.lag(), "Redis reports lag nil here: " + g);
        assertEquals(0, redisson.getStream(stream, StringCodec.INSTANCE).listGroups().get(0).getLag(),
                "Redisson's listGroups() turns the same nil into 0 (why BusInspector reads XINFO raw)");
        assertEquals(4, inspector.status(stream).length());
    }

    @Test
    void aMissingStreamIsReportedAsAbsent(TestKeys keys) {
        StreamStatus status = inspector.status(keys.stream("never"));
        assertFalse(status.exists());
        assertEquals(0, status.length());
        assertTrue(status.groups().isEmpty());
    }

    @Test
    void anotherTypeIsAClearError(TestKeys keys) {
        String key = keys.key("a-hash");
        redisson.getMap(key, StringCodec.INSTANCE).put("f", "v");
        RedisOperationException e = assertThrows(RedisOperationException.class, () -> inspector.status(key));
        assertTrue(e.getMessage().contains(key + " holds a hash, not a stream"), e.getMessage());
    }

    @Test
    void discoversStreamsBySCANTypeWithoutDeadLetterStreams(TestKeys keys) {
        String a = keys.stream("a");
        String b = keys.stream("b");
        String dead = DeadLetterKeys.DEFAULT.of(keys.stream("a"));
        streams.xadd(a, "k", "v");
        streams.xadd(b, "k", "v");
        streams.xadd(dead, "k", "v");
        redisson.getBucket(keys.key("plain"), StringCodec.INSTANCE).set("not a stream");

        assertEquals(List.of(a, b), inspector.discoverStreams(keys.matchPattern()));
        List<StreamStatus> all = inspector.status(inspector.discoverStreams(keys.matchPattern()));
        assertEquals(List.of(1L, 1L), all.stream().map(StreamStatus::length).toList());
        assertEquals(List.of(1L, 0L), all.stream().map(StreamStatus::deadLetters).toList());
    }

    @Test
    void beforeRedis7LagAndEntriesReadAreUnknown() {
        try (RedisServerProcess old = RedisServerProcess.create().useEmbeddedBinary().start()) {
            RedissonClient client = old.newClient();
            try {
                String stream = "orders";
                new Streams(client).xadd(stream, "k", "v");
                client.getStream(stream, StringCodec.INSTANCE).createGroup(
                        StreamCreateGroupArgs.name("g").id(StreamMessageId.ALL));
                client.getStream(stream, StringCodec.INSTANCE).readGroup("g", "c1",
                        StreamReadGroupArgs.neverDelivered().count(1));
                GroupStatus g = new BusInspector(client).status(stream).group("g").orElseThrow();
                assertEquals(OptionalLong.empty(), g.lag());
                assertEquals(OptionalLong.empty(), g.entriesRead());
                assertEquals(1, g.pending());
                assertEquals(OptionalLong.empty(), g.consumers().get(0).inactiveMillis());
            } finally {
                client.shutdown();
            }
        }
    }

    private List<String> add(String stream, int n) {
        return streams.addNumbered(stream, n);
    }

    private void createGroup(String stream, String group) {
        streams.createGroupAtStart(stream, group);
    }

    private void read(String stream, String group, String consumer, int count) {
        streams.readNew(stream, group, consumer, count);
    }

    private RStream<String, String> stream(String name) {
        return redisson.getStream(name, StringCodec.INSTANCE);
    }
}
