package dev.streambus.cluster;

import dev.streambus.archive.EntryOutcome;
import dev.streambus.archive.InMemoryArchiveStorage;
import dev.streambus.archive.OlderThan;
import dev.streambus.archive.StreamArchiver;
import dev.streambus.archive.StreamPurger;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.failed.FailedMessageRetrier;
import dev.streambus.failed.FailedMessages;
import dev.streambus.failed.FailureFilter;
import dev.streambus.failed.RetryOutcome;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.ops.BusInspector;
import dev.streambus.ops.StreamStatus;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single-key paths on a real 3-master Redis Cluster, over streams spread across the masters: status and stream
 * discovery (SCAN on every master), failed messages, archive/restore and purge. Plain and hash-tagged names.
 */
class ClusterOpsTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();

    private static RedissonClient redisson() {
        return CLUSTER.client();
    }

    @Test
    void discoveryScansEveryMasterAndStatusCountsDeadLettersOfPlainAndTaggedStreams() {
        List<String> names = List.of("ops.a", "ops.b", "ops.c", "ops.d", "ops.{e}.tagged");
        Streams streams = new Streams(redisson());
        names.forEach(name -> streams.xadd(name, "name", name, "data", "{}"));
        assertTrue(ClusterSlots.mastersHolding(CLUSTER.cluster(), names) >= 2,
                "the streams must live on several masters");
        streams.xadd(DeadLetterKeys.DEFAULT.of("ops.a"), "name", "x", "dead_original_id", "1-0");
        streams.xadd(DeadLetterKeys.DEFAULT.legacy("ops.a"), "name", "x", "dead_original_id", "1-1");
        streams.xadd(DeadLetterKeys.DEFAULT.of("ops.{e}.tagged"), "name", "x", "dead_original_id", "1-0");

        BusInspector inspector = new BusInspector(redisson());
        assertEquals(names.stream().sorted().toList(), inspector.discoverStreams("ops.*"));
        List<StreamStatus> status = inspector.status(names);
        assertEquals(List.of(2L, 0L, 0L, 0L, 1L), status.stream().map(StreamStatus::deadLetters).toList());
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L), status.stream().map(StreamStatus::length).toList());
    }

    @Test
    void failedMessagesAreRecordedAndRetriedForStreamsOnDifferentMasters() {
        List<String> names = List.of("fail.a", "fail.b", "fail.c", "{fail}.tagged");
        Streams streams = new Streams(redisson());
        names.forEach(name -> streams.publish(name, Map.of("n", 1)));
        FailedMessages failures = new FailedMessages(redisson());
        for (String name : names) {
            try (EventConsumer consumer = EventConsumer.builder(redisson())
                    .listener(Recorder.alwaysFailing("FailingListener", "boom", name))
                    .config(ConsumerConfig.builder().group("g").block(Duration.ofMillis(100)).build()).build()) {
                consumer.start();
                Await.until(Duration.ofSeconds(15), () -> failures.list().stream()
                        .anyMatch(f -> f.failure().stream().equals(name)), () -> failures.list().toString());
            }
        }
        Recorder healed = new Recorder("FailingListener", names.toArray(String[]::new));
        List<RetryOutcome> outcomes = new FailedMessageRetrier(redisson(), failures, List.of(healed))
                .retry(FailureFilter.all());
        assertEquals(names.size(), outcomes.size());
        assertTrue(outcomes.stream().allMatch(RetryOutcome::retried), outcomes.toString());
        assertEquals(names.size(), healed.distinct());
        assertEquals(0, failures.count());
    }

    @Test
    void archiveRestoreAndPurgeWorkOverStreamsOnDifferentMasters() {
        List<String> names = List.of("arch.a", "arch.b", "arch.c", "{arch}.tagged");
        Streams streams = new Streams(redisson());
        names.forEach(name -> IntStream.range(0, 3).forEach(i -> streams.publish(name, Map.of("n", i))));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
        InMemoryArchiveStorage storage = new InMemoryArchiveStorage();
        StreamArchiver archiver = new StreamArchiver(redisson(), storage, later);

        List<EntryOutcome> archived = archiver.archiveOlderThan(names, OlderThan.parse("1 day"), later);
        assertEquals(12, archived.size());
        assertTrue(archived.stream().allMatch(EntryOutcome::done), archived.toString());
        names.forEach(name -> assertEquals(0, redisson().getStream(name).size(), name));

        List<EntryOutcome> restored = archiver.restoreAll(storage.all());
        assertTrue(restored.stream().allMatch(EntryOutcome::done), restored.toString());
        names.forEach(name -> assertEquals(3, redisson().getStream(name).size(), name));

        List<EntryOutcome> purged = new StreamPurger(redisson()).purgeOlderThan(names, OlderThan.parse("1 day"),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(4)));
        assertEquals(12, purged.size());
        names.forEach(name -> assertEquals(0, redisson().getStream(name).size(), name));
    }
}
