package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entries that cannot be read as text without loss (a field stored twice, bytes that are not UTF-8) are never
 * handed to listeners half-read: they are dead-lettered naming the field, and the dead-letter copy keeps the stored
 * bytes, on every path that reads entries (new, reclaimed, tail).
 */
class UnreadableEntriesTest extends ConsumerTestBase {

    /** {"a":"\xC3(\xFF"}: a truncated two-byte sequence and a byte that is never UTF-8. */
    private static final byte[] BAD_DATA = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', (byte) 0xFF, '"', '}'};

    UnreadableEntriesTest(RedissonClient redisson) {
        super(redisson);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** XADD with the given fields as bytes, repeats included. */
    private String xaddBytes(String stream, byte[]... namesAndValues) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>(); // identity keys: repeats stay
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        StreamMessageId id = redisson.<byte[], byte[]>getStream(stream, ByteArrayCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields));
        return id.getId0() + "-" + id.getId1();
    }

    private record Pair(String name, byte[] value) {
    }

    private List<List<Pair>> deadLetters(String stream) {
        List<List<Pair>> out = new ArrayList<>();
        redisson.<byte[], byte[]>getStream(DeadLetterKeys.DEFAULT.of(stream), ByteArrayCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX).values().forEach(fields -> {
                    List<Pair> pairs = new ArrayList<>();
                    fields.forEach((k, v) -> pairs.add(new Pair(new String(k, StandardCharsets.UTF_8), v)));
                    out.add(pairs);
                });
        return out;
    }

    private static String field(List<Pair> letter, String name) {
        return letter.stream().filter(p -> p.name().equals(name)).map(p -> new String(p.value(),
                StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }

    private void writeUnreadable(String stream, List<String> ids) {
        ids.add(xaddBytes(stream, utf8("name"), utf8(stream), utf8("data"), utf8("{\"n\":1}"), utf8("data"),
                utf8("{\"n\":2}")));
        ids.add(xaddBytes(stream, utf8("name"), utf8(stream), utf8("data"), BAD_DATA));
    }

    private void assertParkedAsStored(String stream, List<String> ids) {
        List<List<Pair>> letters = deadLetters(stream);
        assertEquals(2, letters.size());
        List<Pair> duplicate = letters.get(0);
        assertEquals(ids.get(0), field(duplicate, "dead_original_id"));
        assertEquals(List.of("name", "data", "data"), duplicate.subList(0, 3).stream().map(Pair::name).toList(),
                "both data fields kept, in stored order");
        assertEquals("{\"n\":1}", new String(duplicate.get(1).value(), StandardCharsets.UTF_8));
        assertEquals("{\"n\":2}", new String(duplicate.get(2).value(), StandardCharsets.UTF_8));
        assertEquals("stream '" + stream + "' entry " + ids.get(0) + " field 'data': stored more than once (PHP "
                + "reads the last)", field(duplicate, "dead_reason"));

        List<Pair> invalid = letters.get(1);
        assertEquals(ids.get(1), field(invalid, "dead_original_id"));
        assertEquals("data", invalid.get(1).name());
        assertArrayEquals(BAD_DATA, invalid.get(1).value(), "the original bytes, not U+FFFD");
        assertEquals("stream '" + stream + "' entry " + ids.get(1) + " field 'data': value is not valid UTF-8",
                field(invalid, "dead_reason"));
    }

    @Test
    void newEntriesThatCannotBeReadAsTextAreParkedAsStored(TestKeys keys) {
        String stream = keys.stream("orders");
        List<String> ids = new ArrayList<>();
        writeUnreadable(stream, ids);
        String replacement = streams.xadd(stream, "name", stream, "data", "{\"a\":\"\uFFFD stored as such\"}");
        Recorder recorder = new Recorder("Recorder", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .group(keys.name("g")).block(Duration.ofMillis(200)).build()).listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 3,
                    () -> consumer.stats().toString());
        }
        assertEquals(Set.of(replacement), recorder.ids(), "a stored U+FFFD is valid text");
        assertParkedAsStored(stream, ids);
        assertEquals(0, streams.pending(stream, keys.name("g")));
    }

    @Test
    void aReplayedDeadLetterComesBackByteForByte(TestKeys keys) {
        String stream = keys.stream("orders");
        List<String> ids = new ArrayList<>();
        writeUnreadable(stream, ids);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .group(keys.name("g")).block(Duration.ofMillis(200)).build())
                .listener(new Recorder("Recorder", stream)).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 2,
                    () -> consumer.stats().toString());
        }
        var result = new dev.streambus.deadletter.DeadLetterStore(redisson).replayAll(stream);
        assertEquals(2, result.replayed().size(), result.toString());
        List<List<Pair>> replayed = new ArrayList<>();
        redisson.<byte[], byte[]>getStream(stream, ByteArrayCodec.INSTANCE).range(
                dev.streambus.redis.EntryId.parse(result.replayed().get(0).newId()), StreamMessageId.MAX).values()
                .forEach(fields -> {
                    List<Pair> pairs = new ArrayList<>();
                    fields.forEach((k, v) -> pairs.add(new Pair(new String(k, StandardCharsets.UTF_8), v)));
                    replayed.add(pairs);
                });
        assertEquals(List.of("original_id", "name", "data", "data"),
                replayed.get(0).stream().map(Pair::name).toList(), "repeats kept, no dead_* fields");
        assertEquals(ids.get(0), new String(replayed.get(0).get(0).value(), StandardCharsets.UTF_8));
        assertEquals(List.of("original_id", "name", "data"), replayed.get(1).stream().map(Pair::name).toList());
        assertArrayEquals(BAD_DATA, replayed.get(1).get(2).value(), "the original bytes come back");
    }

    @Test
    void reclaimedEntriesAreCheckedTheSameWay(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        redisson.getStream(stream, StringCodec.INSTANCE).createGroup(
                org.redisson.api.stream.StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL).makeStream());
        List<String> ids = new ArrayList<>();
        writeUnreadable(stream, ids);
        // a consumer that read them and crashed: they are pending under its name
        redisson.getStream(stream, ByteArrayCodec.INSTANCE).readGroup(group, "crashed",
                StreamReadGroupArgs.neverDelivered().count(10));
        Recorder recorder = new Recorder("Recorder", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder().group(group)
                .block(Duration.ofMillis(200)).reclaimIdle(Duration.ofMillis(100))
                .reclaimInterval(Duration.ofMillis(100)).build()).listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 2,
                    () -> consumer.stats().toString());
        }
        assertEquals(Set.of(), recorder.ids());
        assertParkedAsStored(stream, ids);
    }

    @Test
    void theTailChecksThemToo(TestKeys keys) {
        String stream = keys.stream("orders");
        List<String> ids = new ArrayList<>();
        writeUnreadable(stream, ids);
        Recorder recorder = new Recorder("Recorder", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .startFrom("0").block(Duration.ofMillis(200)).build()).listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 2,
                    () -> consumer.stats().toString());
        }
        assertEquals(Set.of(), recorder.ids());
        assertParkedAsStored(stream, ids);
    }
}
