package dev.streambus.cluster;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.StreamGrouping;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterProcess;
import dev.streambus.redis.HashSlot;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 12, read by slot: on a real 3-master cluster each hash slot of a consumer's streams gets its own read. */
class SlotReadTest {

    /** Three streams in three slots on three different masters (checked below). */
    private static final List<String> STREAMS = List.of("slot.a.order.placed", "slot.b.order.placed",
            "slot.c.order.placed");
    private static RedisClusterProcess cluster;
    private static RedissonClient redisson;

    @BeforeAll
    static void startCluster() {
        RedisClusterProcess.assumeAvailable();
        cluster = RedisClusterProcess.create().start();
        redisson = cluster.newClient();
    }

    @AfterAll
    static void stopCluster() {
        if (redisson != null) {
            redisson.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void hashSlotAgreesWithClusterKeyslot() {
        for (String key : List.of("slot.a.order.placed", "123456789", "{user1000}.following", "foo{}{bar}",
                "foo{bar}{zap}", "{bar", "ü-ümlaut", "", "x".repeat(300))) {
            assertEquals(((Long) cluster.nodes().get(0).command("CLUSTER", "KEYSLOT", key)).intValue(),
                    HashSlot.of(key), key);
        }
        for (int i = 0; i < 200; i++) {
            String key = "stream-" + i + ".event";
            assertEquals(((Long) cluster.nodes().get(0).command("CLUSTER", "KEYSLOT", key)).intValue(),
                    HashSlot.of(key), key);
        }
    }

    @Test
    void aGroupOverThreeSlotsHandlesEveryEntryOnce() throws Exception {
        Set<Integer> slots = new HashSet<>();
        STREAMS.forEach(s -> slots.add(HashSlot.of(s)));
        assertEquals(3, slots.size(), "the test's streams are in 3 slots");
        consume(ConsumerConfig.builder().group("slot-group").block(Duration.ofMillis(200)).build(), 200);
    }

    @Test
    void aTailOverThreeSlotsWorks() throws Exception {
        consume(ConsumerConfig.builder().startFrom("0").block(Duration.ofMillis(200)).build(), 100);
    }

    private void consume(ConsumerConfig config, int perStream) {
        Streams streams = new Streams(redisson);
        List<String> names = STREAMS.stream().map(s -> s + "." + config.grouped()).toList();
        Recorder recorder = new Recorder("Recorder", names.toArray(String[]::new));
        try {
            try (EventConsumer consumer = EventConsumer.builder(redisson).config(config).listener(recorder)
                    .build()) {
                assertEquals(StreamGrouping.BY_SLOT.split(consumer.streams()), consumer.readerGroups(),
                        "a cluster connection reads by slot");
                assertEquals(3, consumer.readerGroups().size());
                consumer.start();
                for (int i = 0; i < perStream; i++) {
                    for (String stream : names) {
                        streams.publish(stream, Map.of("n", i));
                    }
                }
                int all = perStream * names.size();
                Await.until(Duration.ofSeconds(60), () -> recorder.distinct() == all,
                        () -> recorder.distinct() + " of " + all + "; " + consumer.stats());
                if (config.grouped()) {
                    Await.until(Duration.ofSeconds(10), () -> names.stream()
                                    .mapToLong(s -> streams.pending(s, config.group())).sum() == 0,
                            () -> "entries still pending; " + consumer.stats());
                }
            }
            assertEquals(List.of(), recorder.duplicates());
            assertEquals(perStream * names.size(), recorder.total());
            for (String stream : names) {
                List<Integer> order = recorder.handled().stream().filter(m -> m.stream().equals(stream))
                        .map(m -> m.data().get("n").asInt()).toList();
                assertEquals(java.util.stream.IntStream.range(0, perStream).boxed().toList(), order,
                        "per-stream order of " + stream);
            }
        } finally {
            names.forEach(s -> redisson.getKeys().delete(s));
        }
    }
}
