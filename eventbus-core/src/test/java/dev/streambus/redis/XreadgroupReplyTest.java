package dev.streambus.redis;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XREADGROUP through {@link XreadgroupReply}: entries as stored, by stream, on a real Redis. */
@RedisTest
class XreadgroupReplyTest {

    private final RedissonClient redisson;
    private final XreadgroupReply reads;

    XreadgroupReplyTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.reads = XreadgroupReply.of(redisson);
    }

    private String add(String stream, byte[]... namesAndValues) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>(); // identity keys: repeats stay
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return EntryId.format(redisson.<byte[], byte[]>getStream(stream, ByteArrayCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void group(String stream, String group) {
        redisson.getStream(stream, StringCodec.INSTANCE)
                .createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL).makeStream());
    }

    @Test
    void readsEveryStreamWithIdsAsStoredAndFieldsInStoredOrder(TestKeys keys) {
        String a = keys.stream("{x}a");
        String b = keys.stream("{x}b");
        String group = keys.name("g");
        String a1 = add(a, utf8("z"), utf8("1"), utf8("a"), utf8("2"), utf8("m"), utf8("é"));
        String a2 = add(a, utf8("name"), utf8("n"));
        add(a, utf8("name"), utf8("third"));
        String b1 = add(b, utf8("k"), utf8("v"));
        group(a, group);
        group(b, group);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(a, ">");
        ids.put(b, ">");

        Map<String, List<StreamEntry>> read = reads.read(group, "c", ids, 2, null);

        assertEquals(List.of(a1, a2), read.get(a).stream().map(StreamEntry::id).toList(), "COUNT per stream");
        assertEquals(List.of("z", "a", "m"), List.copyOf(read.get(a).get(0).fields().keySet()));
        assertEquals("é", read.get(a).get(0).fields().get("m"));
        assertEquals(a, read.get(a).get(0).stream());
        assertNull(read.get(a).get(0).unreadable());
        assertEquals(List.of(new StreamEntry(b, b1, Map.of("k", "v"))), read.get(b));
    }

    @Test
    void keepsTheStoredBytesOfEntriesThatAreNotText(TestKeys keys) {
        String stream = keys.stream("s");
        String group = keys.name("g");
        byte[] bad = {'{', (byte) 0xC3, '(', (byte) 0xFF, '}'};
        add(stream, utf8("data"), utf8("1"), utf8("data"), utf8("2"));
        add(stream, utf8("data"), bad);
        group(stream, group);

        List<StreamEntry> read = reads.read(group, "c", Map.of(stream, ">"), 10, null).get(stream);

        assertEquals("stored more than once (PHP reads the last)", read.get(0).unreadable().reason());
        assertEquals(2, read.get(0).unreadable().stored().size());
        assertEquals("value is not valid UTF-8", read.get(1).unreadable().reason());
        assertArrayEquals(bad, read.get(1).unreadable().stored().get(0).value());
    }

    @Test
    void ownPendingEntriesDeletedMeanwhileComeBackWithoutFields(TestKeys keys) {
        String stream = keys.stream("s");
        String group = keys.name("g");
        String gone = add(stream, utf8("f"), utf8("1"));
        String kept = add(stream, utf8("f"), utf8("2"));
        group(stream, group);
        reads.read(group, "c", Map.of(stream, ">"), 10, null);
        redisson.getStream(stream, StringCodec.INSTANCE).remove(EntryId.parse(gone));

        List<StreamEntry> pending = reads.read(group, "c", Map.of(stream, "0"), 10, null).get(stream);

        assertEquals(List.of(StreamEntry.deleted(stream, gone), new StreamEntry(stream, kept, Map.of("f", "2"))),
                pending);
        assertTrue(pending.get(0).deleted());
    }

    @Test
    void aBlockingReadReturnsNothingAfterItsBlockAndEntriesAddedWhileItWaits(TestKeys keys) throws Exception {
        String stream = keys.stream("s");
        String group = keys.name("g");
        group(stream, group);

        assertTrue(reads.read(group, "c", Map.of(stream, ">"), 10, Duration.ofMillis(50)).isEmpty());

        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            add(stream, utf8("f"), utf8("late"));
        });
        writer.start();
        Map<String, List<StreamEntry>> read = reads.read(group, "c", Map.of(stream, ">"), 10, Duration.ofSeconds(5));
        writer.join();
        assertNotNull(read.get(stream));
        assertEquals("late", read.get(stream).get(0).fields().get("f"));
    }

    @Test
    void aMissingGroupFailsAsRedissonsReadGroupDoes(TestKeys keys) {
        String stream = keys.stream("s");
        add(stream, utf8("f"), utf8("v"));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> reads.read("no-such-group", "c", Map.of(stream, ">"), 1, null));
        assertTrue(RedisErrors.isNoGroup(e), e.toString());
    }
}
