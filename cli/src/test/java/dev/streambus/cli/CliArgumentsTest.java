package dev.streambus.cli;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.connect.RedisConnection;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A malformed {@code --redis-url} or {@code --last_id} is a bad argument: exit 2 with the reason, as cli/README says. */
@RedisTest
class CliArgumentsTest {

    private final RedissonClient redisson;
    private final Map<String, String> env = new HashMap<>();

    CliArgumentsTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** Opens Redis the way the production connector does (parsing the URL), then uses the shared test client. */
    private Cli.Result run(String... args) {
        return new Cli(redisson, env, Clock.systemUTC()).run(new RedisConnector() {
            @Override
            public RedissonClient connect(String url) {
                RedisConnection.fromUrl(url);
                return redisson;
            }

            @Override
            public void release(RedissonClient client) {
            }
        }, args);
    }

    @Test
    void aMalformedLastIdIsABadArgument(TestKeys keys) {
        String stream = keys.stream("orders");
        TestListeners.EVENTS = Set.of(stream);
        Cli.Result result = run("listen", stream, "--last_id=garbage", "--count=1",
                "--module=" + TestListeners.class.getName());
        assertEquals(2, result.exit(), result::toString);
        assertTrue(result.err().startsWith("Invalid --last_id: not a stream entry id: 'garbage'"), result::toString);
        assertTrue(result.err().contains("Usage:"), result::toString);
    }

    @Test
    void aMalformedRedisUrlIsABadArgumentWithoutItsPassword() {
        Cli.Result result = run("--redis-url=http://user:Sup3rS3cret@127.0.0.1:6379", "status", "no-such-stream");
        assertEquals(2, result.exit(), result::toString);
        assertTrue(result.err().startsWith("Invalid --redis-url (or $REDIS_URL): Redis URL scheme must be one of "
                + "[redis, rediss, redis+cluster, rediss+cluster], got 'http'"), result::toString);
        assertFalse(result.toString().contains("Sup3rS3cret"), result::toString);
    }

    @Test
    void aClusterUrlWithADatabaseIsABadArgumentWithoutItsPassword() {
        Cli.Result result = run("--redis-url=redis+cluster://:Sup3rS3cret@127.0.0.1:7000,127.0.0.1:7001/1",
                "status", "no-such-stream");
        assertEquals(2, result.exit(), result::toString);
        assertTrue(result.err().startsWith("Invalid --redis-url (or $REDIS_URL): Redis Cluster has only database 0: "
                + "remove '/1' from the redis+cluster:// URL"), result::toString);
        assertFalse(result.toString().contains("Sup3rS3cret"), result::toString);
    }

    @Test
    void aMalformedRedisUrlFromTheEnvironmentIsABadArgumentToo() {
        env.put(StreamBusCli.REDIS_URL_ENV, "127.0.0.1:6379");
        Cli.Result result = run("status", "no-such-stream");
        assertEquals(2, result.exit(), result::toString);
        assertTrue(result.err().startsWith("Invalid --redis-url (or $REDIS_URL): Redis URL must look like"),
                result::toString);
    }
}
