package dev.streambus.cli;

import dev.streambus.localredis.RedisClusterProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI takes a {@code redis+cluster://} URL through {@code --redis-url} and works on a real 3-master cluster. */
class CliClusterTest {

    private static final String PASSWORD = "cli-cluster-S3cret";
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
    void publishesThroughAClusterRedisUrl() {
        Cli.Result result = new Cli(null, Map.of(), Clock.systemUTC())
                .run(RedisConnector.DEFAULT, "--redis-url=" + cluster.url(), "publish", "cli.cluster.placed",
                        "--data", "{\"n\":1}");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().trim().matches("[0-9]+-[0-9]+"), result::toString);
        assertFalse(result.toString().contains(PASSWORD), result::toString);

        RedissonClient redisson = cluster.newClient();
        try {
            assertEquals(1, redisson.getStream("cli.cluster.placed", StringCodec.INSTANCE).size());
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void aSingleServerUrlToAClusterNodeFailsSayingUseRedisCluster() {
        Cli.Result result = new Cli(null, Map.of(), Clock.systemUTC())
                .run(RedisConnector.DEFAULT, "--redis-url=" + cluster.nodes().get(0).url(), "publish",
                        "cli.cluster.placed", "--data", "{\"n\":1}");
        assertTrue(result.exit() != 0, result::toString);
        assertTrue(result.err().contains("this is a cluster node: use redis+cluster://"), result::toString);
        assertFalse(result.toString().contains(PASSWORD), result::toString);
    }

    @Test
    void statusDlqTailPurgeAndFailedListWorkOverStreamsOnEveryMaster() {
        List<String> streams = List.of("cli.cl.a", "cli.cl.b", "cli.cl.c", "cli.cl.d");
        Cli cli = new Cli(null, Map.of(), Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
        String url = "--redis-url=" + cluster.url();
        for (String stream : streams) {
            Cli.Result published = cli.run(RedisConnector.DEFAULT, url, "publish", stream, "--data", "{\"n\":1}");
            assertEquals(0, published.exit(), published::toString);
        }
        RedissonClient redisson = cluster.newClient();
        try {
            StreamEntry entry = RedisStreams.entries("cli.cl.a", new RedisStreams(redisson).entryStream("cli.cl.a")
                    .range(StreamMessageId.MIN, StreamMessageId.MAX)).get(0);
            new RedisDeadLetters(new RedisStreams(redisson), RedisDeadLetters.DEFAULT_SUFFIX, Clock.systemUTC())
                    .park(new DeadLetter(entry, "g", "c1", 5, "broken"));

            Cli.Result status = cli.run(RedisConnector.DEFAULT, url, "status", "--match=cli.cl.*");
            assertEquals(0, status.exit(), status::toString);
            for (String stream : streams) {
                assertTrue(status.out().contains("| " + stream + " "), status::toString);
            }
            assertFalse(status.out().contains(":dead"), status::toString);

            Cli.Result list = cli.run(RedisConnector.DEFAULT, url, "dlq:list", "cli.cl.a");
            assertTrue(list.out().contains("| " + entry.id() + " | g "), list::toString);
            Cli.Result replay = cli.run(RedisConnector.DEFAULT, url, "dlq:replay", "cli.cl.a", "--all");
            assertEquals(0, replay.exit(), replay::toString);
            assertEquals(2, redisson.getStream("cli.cl.a").size());

            Cli.Result tail = cli.run(RedisConnector.DEFAULT, url, "tail", "cli.cl.b", "--from=0-0", "--count=1");
            assertEquals(0, tail.exit(), tail::toString);
            assertTrue(tail.out().contains(" cli.cl.b {\"n\":1}"), tail::toString);

            Cli.Result failed = cli.run(RedisConnector.DEFAULT, url, "failed:list");
            assertEquals(0, failed.exit(), failed::toString);

            Cli later = new Cli(null, Map.of(), Clock.offset(Clock.systemUTC(), Duration.ofDays(4)));
            Cli.Result purge = later.run(RedisConnector.DEFAULT, url, "purge", "--streams=" + String.join(",", streams),
                    "--older_than=1 day");
            assertEquals(0, purge.exit(), purge::toString);
            assertTrue(purge.out().contains("Total of 5 messages processed."), purge::toString);
            for (String stream : streams) {
                assertEquals(0, redisson.getStream(stream).size(), stream);
            }
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void clusterLayoutPrintsPartitionSlotAndMaster() {
        Cli cli = new Cli(null, Map.of(), Clock.systemUTC());
        Cli.Result layout = cli.run(RedisConnector.DEFAULT, "--redis-url=" + cluster.url(), "cluster:layout",
                "cli.order.placed", "--tag=orders", "--partitions=3");
        assertEquals(0, layout.exit(), layout::toString);
        List<String> lines = layout.outLines();
        assertTrue(lines.get(1).matches("\\| Partition \\| Stream +\\| Slot +\\| Node +\\| Length \\|"), layout::toString);
        assertTrue(lines.get(3).startsWith("| 0         | cli.order.placed:{orders.0} | "), layout::toString);
        java.util.Set<String> ports = new java.util.HashSet<>();
        cluster.nodes().forEach(node -> ports.add(node.url().replaceAll(".*:(\\d+).*", "$1")));
        for (int p = 0; p < 3; p++) {
            String row = lines.get(3 + p);
            String slot = row.split("\\|")[3].trim();
            assertEquals(String.valueOf(cluster.nodes().get(0).command("CLUSTER", "KEYSLOT",
                    "cli.order.placed:{orders." + p + "}")), slot, row);
            assertTrue(ports.contains(row.split("\\|")[4].trim().replaceAll(".*:", "")), row + " " + ports);
        }
    }
}
