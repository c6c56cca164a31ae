package dev.streambus.cli;

import dev.streambus.localredis.RedisClusterProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
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
}
