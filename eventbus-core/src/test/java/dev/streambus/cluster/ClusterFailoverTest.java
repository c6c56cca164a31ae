package dev.streambus.cluster;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.localredis.RedisClusterProcess;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.SlotKeys;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A master with a replica is killed (SIGKILL: a crash, its connections reset) while publishers and consumers run: its replica
 * takes over, publishing and consuming continue, and what Redis's asynchronous replication lost is counted (entries
 * acknowledged to the publisher by the old master that never reached the replica).
 */
class ClusterFailoverTest {

    private static final Logger log = LoggerFactory.getLogger(ClusterFailoverTest.class);
    /** The harness's slot ranges per master. */
    static final int[][] RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.of(() -> RedisClusterProcess.create().replicas(1)
            .readyTimeout(Duration.ofSeconds(30)));

    private static RedissonClient redisson() {
        return CLUSTER.client();
    }

    @Test
    void aKilledMasterFailsOverWhilePublishersAndConsumersContinueAndTheLossIsCounted() throws Exception {
        String victim = onMaster(0, "fo.victim");
        List<String> names = List.of(victim, onMaster(1, "fo.other"), onMaster(2, "fo.third"));
        Map<String, Recorder> recorders = new HashMap<>();
        List<EventConsumer> consumers = new ArrayList<>();
        for (String name : names) {
            Recorder recorder = new Recorder("r", name);
            recorders.put(name, recorder);
            consumers.add(EventConsumer.builder(redisson()).listener(recorder).config(ConsumerConfig.builder()
                    .group("fo").block(Duration.ofMillis(200)).reclaimIdle(Duration.ofSeconds(3)).build()).build());
        }
        consumers.forEach(EventConsumer::start);
        RedisServerProcess master = CLUSTER.cluster().nodes().get(0);
        RedisServerProcess replica = CLUSTER.cluster().replicas().get(0);
        int acknowledgedBeforeKill;
        int afterFailover;
        int failures;
        try (ClusterLoad load = new ClusterLoad(redisson(), names)) {
            Await.until(Duration.ofSeconds(20), () -> load.acknowledged(victim).size() >= 100,
                    () -> load.acknowledged(victim).size() + " published");
            master.kill();
            acknowledgedBeforeKill = load.acknowledged(victim).size();
            Await.until(Duration.ofSeconds(30), () -> String.valueOf(replica.command("INFO", "replication"))
                    .contains("role:master"), () -> "replica not promoted: " + replica.command("INFO", "replication"));
            Await.until(Duration.ofSeconds(60), () -> load.acknowledged(victim).size() >= acknowledgedBeforeKill + 100,
                    () -> (load.acknowledged(victim).size() - acknowledgedBeforeKill) + " published after the kill");
            afterFailover = load.acknowledged(victim).size() - acknowledgedBeforeKill;
            failures = load.failures();
            load.close();
            long lost = 0;
            for (String name : names) {
                Set<String> stored = new HashSet<>();
                redisson().<String, String>getStream(name).range(StreamMessageId.MIN, StreamMessageId.MAX).keySet()
                        .forEach(id -> stored.add(EntryId.format(id)));
                Set<String> missing = new HashSet<>(load.acknowledged(name));
                missing.removeAll(stored);
                if (!name.equals(victim)) {
                    assertEquals(Set.of(), missing, "only the killed master's stream can lose entries");
                }
                lost += missing.size();
                Recorder recorder = recorders.get(name);
                Await.until(Duration.ofSeconds(60), () -> recorder.ids().containsAll(stored),
                        () -> name + ": " + recorder.distinct() + " of " + stored.size() + " handled");
            }
            log.info("failover: {} of {} entries acknowledged by the killed master before the kill were lost by "
                    + "asynchronous replication; {} published after the failover; {} publish attempts failed during "
                    + "it", lost, acknowledgedBeforeKill, afterFailover, failures);
            assertTrue(lost <= acknowledgedBeforeKill, lost + " lost");
        } finally {
            consumers.forEach(EventConsumer::close);
        }
    }

    /** A stream name with {@code base} whose slot the master {@code index} serves. */
    private static String onMaster(int index, String base) {
        for (int i = 0; ; i++) {
            String name = base + "." + i;
            int slot = SlotKeys.slot(redisson(), name);
            if (slot >= RANGES[index][0] && slot <= RANGES[index][1]) {
                return name;
            }
        }
    }
}
