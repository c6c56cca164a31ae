package dev.streambus.ops;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paged pending lists, consumer hand-over, trim preview and trim, paged stream discovery, against real Redis. */
@RedisTest
class OperatorActionsTest {

    private final RedissonClient redisson;
    private final Streams streams;

    OperatorActionsTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @Test
    void pendingEntriesArePagedByIdAndFilteredByConsumer(TestKeys keys) {
        String stream = keys.stream("p");
        List<String> ids = add(stream, 5);
        group(stream, "g");
        read(stream, "g", "c1", 3);
        read(stream, "g", "c2", 2);
        PendingEntries pending = new PendingEntries(new dev.streambus.redis.RedisStreams(redisson));

        List<PendingEntry> first = pending.page(stream, "g", null, null, 2);
        assertEquals(List.of(ids.get(0), ids.get(1)), first.stream().map(PendingEntry::id).toList());
        assertEquals("c1", first.get(0).consumer());
        assertEquals(1, first.get(0).deliveries());
        List<PendingEntry> next = pending.page(stream, "g", null, first.get(1).id(), 10);
        assertEquals(List.of(ids.get(2), ids.get(3), ids.get(4)), next.stream().map(PendingEntry::id).toList());
        assertEquals(List.of(ids.get(3), ids.get(4)),
                pending.page(stream, "g", "c2", null, 10).stream().map(PendingEntry::id).toList());
        assertThrows(IllegalArgumentException.class, () -> pending.page(stream, "g", null, "x-1", 10));
        assertThrows(IllegalArgumentException.class, () -> pending.page(stream, "g", null, null, 0));
    }

    @Test
    void handOverMovesEveryPendingEntryThenRemovesTheConsumer(TestKeys keys) {
        String stream = keys.stream("h");
        List<String> ids = add(stream, 4);
        group(stream, "g");
        read(stream, "g", "sick", 3);
        read(stream, "g", "healthy", 1);
        redisson.getStream(stream, StringCodec.INSTANCE).remove(StreamMessageId.class.cast(
                dev.streambus.redis.EntryId.parse(ids.get(1))));

        ConsumerHandover.Result result = new ConsumerHandover(redisson).handOver(stream, "g", "sick", "healthy");

        assertTrue(result.removed());
        assertEquals(3, result.moved() + result.dropped());
        StreamStatus status = new BusInspector(redisson).status(stream);
        GroupStatus g = status.group("g").orElseThrow();
        assertEquals(List.of("healthy"), g.consumers().stream().map(ConsumerStatus::name).toList());
        assertEquals(1 + result.moved(), g.consumers().get(0).pending());
        PendingEntries pending = new PendingEntries(new dev.streambus.redis.RedisStreams(redisson));
        assertTrue(pending.page(stream, "g", null, null, 10).stream().allMatch(p -> p.consumer().equals("healthy")));
        assertEquals(1, pending.page(stream, "g", null, null, 10).get(0).deliveries(),
                "JUSTID keeps the delivery count");
        assertThrows(IllegalArgumentException.class,
                () -> new ConsumerHandover(redisson).handOver(stream, "g", "healthy", "healthy"));
    }

    @Test
    void trimPreviewCountsEntriesAndNamesGroupsWhosePendingEntriesWouldGo(TestKeys keys) {
        String stream = keys.stream("t");
        List<String> ids = add(stream, 10);
        group(stream, "reading");
        read(stream, "reading", "c", 2);           // pending: ids 0 and 1
        createGroupAt(stream, "idle", ids.get(9));  // nothing pending
        StreamTrimmer trimmer = new StreamTrimmer(redisson);

        StreamTrimmer.Preview keep5 = trimmer.preview(stream, StreamTrimmer.Strategy.MAXLEN, "5");
        assertTrue(keep5.exists());
        assertEquals(10, keep5.length());
        assertEquals(5, keep5.entries());
        assertTrue(keep5.pendingKnown());
        assertEquals(List.of("reading"), keep5.pendingGroups());

        StreamTrimmer.Preview minId = trimmer.preview(stream, StreamTrimmer.Strategy.MINID, ids.get(1));
        assertEquals(1, minId.entries());
        assertEquals(List.of("reading"), minId.pendingGroups());
        assertEquals(List.of(), trimmer.preview(stream, StreamTrimmer.Strategy.MINID, ids.get(0)).pendingGroups());
        assertEquals(0, trimmer.preview(stream, StreamTrimmer.Strategy.MAXLEN, "20").entries());
        assertFalse(trimmer.preview(keys.stream("missing"), StreamTrimmer.Strategy.MAXLEN, "1").exists());

        assertThrows(IllegalArgumentException.class, () -> trimmer.preview(stream, StreamTrimmer.Strategy.MAXLEN,
                "-1"));
        assertThrows(IllegalArgumentException.class, () -> trimmer.trim(stream, StreamTrimmer.Strategy.MINID, "abc"));
        assertEquals(10, redisson.getStream(stream).size(), "refused trims write nothing");

        long removed = trimmer.trim(stream, StreamTrimmer.Strategy.MAXLEN, "5");
        assertTrue(removed >= 0 && removed <= 5, "approximate trim removes at most the preview's count: " + removed);
        assertEquals(10 - removed, redisson.getStream(stream).size());
    }

    @Test
    void streamPagesWalkTheKeyspaceInBoundedSteps(TestKeys keys) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String s = keys.stream("s" + i);
            streams.xadd(s, "f", "v");
            names.add(s);
        }
        streams.xadd(keys.stream("s0:dead"), "f", "v");
        BusInspector inspector = new BusInspector(redisson);
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int pages = 0;
        do {
            BusInspector.StreamPage page = inspector.streamPage(keys.matchPattern(), cursor, 7);
            seen.addAll(page.streams());
            cursor = page.nextCursor();
            pages++;
        } while (!"0".equals(cursor) && pages < 10_000);
        assertEquals(names.stream().sorted().toList(), seen.stream().distinct().sorted().toList());
        assertThrows(IllegalArgumentException.class, () -> inspector.streamPage("*", "abc", 7));
    }

    private List<String> add(String stream, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(streams.xadd(stream, "name", "e", "data", "{\"i\":" + i + "}"));
        }
        return ids;
    }

    private void group(String stream, String group) {
        redisson.getStream(stream, StringCodec.INSTANCE).createGroup(StreamCreateGroupArgs.name(group)
                .id(StreamMessageId.ALL));
    }

    private void createGroupAt(String stream, String group, String id) {
        redisson.getStream(stream, StringCodec.INSTANCE).createGroup(StreamCreateGroupArgs.name(group)
                .id(dev.streambus.redis.EntryId.parse(id)));
    }

    private void read(String stream, String group, String consumer, int count) {
        RStream<String, String> s = redisson.getStream(stream, StringCodec.INSTANCE);
        s.readGroup(group, consumer, StreamReadGroupArgs.neverDelivered().count(count));
    }
}
