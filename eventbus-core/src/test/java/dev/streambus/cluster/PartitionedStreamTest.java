package dev.streambus.cluster;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.partition.LeasedPartitionConsumer;
import dev.streambus.partition.PartitionedPublisher;
import dev.streambus.partition.PartitionedStream;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.SlotKeys;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partitioned streams on a real 3-master Redis Cluster: events of one key stay in one partition in publish order
 * with their {@code name} unchanged; members take partitions by fixed assignment or by leases, and a new lease owner
 * redoes what the previous owner left pending.
 */
class PartitionedStreamTest {

    static final String PLACED = "part.order.placed";

    @StreamerEvent(name = PLACED)
    record Placed(String orderId, int seq) {
    }

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();

    private static RedissonClient redisson() {
        return CLUSTER.client();
    }

    @Test
    void eventsOfAKeyStayInOnePartitionInOrderAndFixedMembersHandleEachOnce() {
        PartitionedStream family = new PartitionedStream(PLACED, "fixed", 6);
        assertEquals("part.order.placed:{fixed.4}", family.stream(4));
        assertTrue(family.streams().stream().map(s -> SlotKeys.slot(redisson(), s)).distinct().count() == 6);
        List<Placed> events = publish(family, 20, 10);
        assertTrue(ClusterSlots.mastersHolding(CLUSTER.cluster(), family.streams()) >= 2,
                "partitions on several masters");

        Streams streams = new Streams(redisson());
        Map<String, List<Integer>> seqByOrder = new HashMap<>();
        for (String stream : family.streams()) {
            for (Map<String, String> entry : streams.entries(stream)) {
                assertEquals(PLACED, entry.get("name"), "name unchanged");
                String order = entry.get("data").replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
                assertEquals(family.streamFor(order), stream, "every event of a key in its partition");
                seqByOrder.computeIfAbsent(order, o -> new ArrayList<>())
                        .add(Integer.parseInt(entry.get("data").replaceAll(".*\"seq\":(\\d+).*", "$1")));
            }
        }
        seqByOrder.values().forEach(seqs -> assertEquals(IntStream.range(0, 10).boxed().toList(), seqs));

        Recorder recorder = new Recorder("r", PLACED);
        List<EventConsumer> members = new ArrayList<>();
        for (int member = 0; member < 2; member++) {
            int m = member;
            members.add(EventConsumer.builder(redisson()).listener(recorder)
                    .config(ConsumerConfig.builder().group("fixed").consumer("m" + m).block(Duration.ofMillis(100))
                            .build())
                    .streams(family.streams().stream().filter(s -> family.streams().indexOf(s) % 2 == m).toList())
                    .build());
        }
        members.forEach(EventConsumer::start);
        try {
            Await.until(Duration.ofSeconds(20), () -> recorder.distinct() == events.size(),
                    () -> recorder.distinct() + " of " + events.size());
        } finally {
            members.forEach(EventConsumer::close);
        }
        assertEquals(List.of(), recorder.duplicates());
    }

    @Test
    void leasesSplitThePartitionsAndANewOwnerRedoesWhatTheOldOneLeftPending() {
        PartitionedStream family = new PartitionedStream(PLACED, "leased", 4);
        List<Placed> events = publish(family, 12, 5);
        String group = "leased";
        // a crashed member: read partition 0's entries, acknowledged none, lease left to expire
        new RedisStreams(redisson()).ensureGroup(family.stream(0), group, "0");
        int stranded = redisson().<String, String>getStream(family.stream(0), StringCodec.INSTANCE)
                .readGroup(group, "crashed", StreamReadGroupArgs.neverDelivered().count(1000)).size();
        assertTrue(stranded > 0, "partition 0 has entries");
        redisson().getBucket(family.leaseKey(0), StringCodec.INSTANCE).set("crashed", Duration.ofMillis(1500));

        Recorder recorder = new Recorder("r", PLACED);
        ConsumerConfig.Builder config = ConsumerConfig.builder().group(group).block(Duration.ofMillis(100))
                .reclaimIdle(Duration.ofMinutes(10));
        try (LeasedPartitionConsumer a = LeasedPartitionConsumer.start(redisson(), family,
                config.consumer("a").build(), List.of(recorder), Duration.ofMillis(600), 2);
             LeasedPartitionConsumer b = LeasedPartitionConsumer.start(redisson(), family,
                     config.consumer("b").build(), List.of(recorder), Duration.ofMillis(600), 2)) {
            Await.until(Duration.ofSeconds(20), () -> recorder.distinct() == events.size(),
                    () -> recorder.distinct() + " of " + events.size() + "; a " + a.owned() + ", b " + b.owned());
            assertEquals(4, a.owned().size() + b.owned().size(), a.owned() + " " + b.owned());
            assertTrue(a.owned().stream().noneMatch(b.owned()::contains), a.owned() + " " + b.owned());
        }
        assertEquals(List.of(), recorder.duplicates());
        assertEquals(0, new Streams(redisson()).pending(family.stream(0), group), "the stranded entries were redone");
        assertEquals(0, redisson().getKeys().countExists(family.leaseKey(0), family.leaseKey(1), family.leaseKey(2),
                family.leaseKey(3)), "leases released on close");
    }

    private static List<Placed> publish(PartitionedStream family, int orders, int perOrder) {
        PartitionedPublisher<Placed> publisher = new PartitionedPublisher<>(
                new RedisPublisher(redisson(), PublisherConfig.defaults()), family, Placed::orderId);
        List<Placed> events = new ArrayList<>();
        for (int seq = 0; seq < perOrder; seq++) {
            for (int order = 0; order < orders; order++) {
                events.add(new Placed("o-" + order, seq));
            }
        }
        assertEquals(events.size(), publisher.publishAll(events).size());
        return events;
    }
}
