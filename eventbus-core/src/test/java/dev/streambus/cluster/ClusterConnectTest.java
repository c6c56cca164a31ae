package dev.streambus.cluster;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterProcess;
import dev.streambus.redis.connect.RedisAuthenticationException;
import dev.streambus.redis.connect.RedisConnectException;
import dev.streambus.redis.connect.RedisConnection;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting to a real 3-master Redis Cluster (with a password) through {@code redis+cluster://}. */
class ClusterConnectTest {

    private static final String PASSWORD = "cluster-S3cret";
    private static RedisClusterProcess cluster;

    @BeforeAll
    static void startCluster() {
        RedisClusterProcess.assumeAvailable();
        cluster = RedisClusterProcess.create().requirePass(PASSWORD).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void publishesAndConsumesOneStreamInAGroupThroughTheClusterUrl() throws Exception {
        RedissonClient redisson = RedisConnection.builder().url(cluster.url()).build().connect();
        try {
            assertTrue(redisson.getConfig().isClusterConfig());
            Streams streams = new Streams(redisson);
            Recorder recorder = new Recorder("Recorder", "cluster.order.placed");
            try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                    .group("cluster-test").block(Duration.ofMillis(200)).build()).listener(recorder).build()) {
                consumer.start();
                for (int i = 0; i < 50; i++) {
                    streams.publish("cluster.order.placed", java.util.Map.of("n", i));
                }
                Await.until(Duration.ofSeconds(15), () -> recorder.distinct() == 50,
                        () -> recorder.distinct() + " of 50; " + consumer.stats());
                Await.until(Duration.ofSeconds(5), () -> streams.pending("cluster.order.placed", "cluster-test") == 0,
                        () -> "pending " + streams.pending("cluster.order.placed", "cluster-test"));
            }
            assertEquals(List.of(), recorder.duplicates());
            assertEquals(50, recorder.total());
            assertEquals(1, ownersOf("cluster.order.placed"), "the stream lives on exactly one master");
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void aSingleServerUrlToAClusterNodeIsRefusedSayingSo() {
        RedisConnection single = cluster.nodes().get(0).connection();
        RedisConnectException e = assertThrows(RedisConnectException.class, single::connect);
        assertTrue(e.getMessage().contains("this is a cluster node: use redis+cluster://"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @Test
    void thePasswordIsMaskedInSettingsAndInAFailedAuthentication() {
        RedisConnection connection = cluster.connection();
        assertFalse(connection.toString().contains(PASSWORD), connection.toString());
        assertFalse(cluster.toString().contains(PASSWORD), cluster.toString());
        assertTrue(connection.redacted().startsWith("redis+cluster://:***@127.0.0.1:"), connection.redacted());

        String wrong = "wrong-" + PASSWORD;
        RedisConnectException e = assertThrows(RedisConnectException.class,
                () -> connection.toBuilder().password(wrong).build().connect());
        assertTrue(e instanceof RedisAuthenticationException, e.getClass() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("redis+cluster://:***@127.0.0.1:"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.toString());
        }
    }

    /** How many masters hold keys in {@code key}'s slot (a node that does not own the slot counts 0). */
    private static long ownersOf(String key) {
        String slot = String.valueOf(cluster.nodes().get(0).command("CLUSTER", "KEYSLOT", key));
        return cluster.nodes().stream()
                .filter(node -> ((Long) node.command("CLUSTER", "COUNTKEYSINSLOT", slot)) > 0)
                .count();
    }
}
