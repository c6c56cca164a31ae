package dev.streambus.projection;

import ch.qos.logback.classic.Level;
import dev.streambus.consume.ConsumerState;
import dev.streambus.consume.Problems;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.LogCapture;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A permanent Redis error in the live loop is logged at ERROR once, shown by state(), and retried until fixed. */
@RedisTest
class LiveLoopRedisErrorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";

    private final RedissonClient redisson;

    LiveLoopRedisErrorTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void aStreamKeyOfTheWrongTypeFailsTheLiveLoopLoudlyUntilItIsFixed(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        redisson.getBucket(streams.paid(), StringCodec.INSTANCE).set("not a stream");
        Projection projection = Orders.projection(keys.name("orders"), streams).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             LogCapture logs = LogCapture.of(Problems.class, Level.DEBUG);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().build())) {
            runner.start();
            Await.until(WAIT, () -> runner.state().status() == ConsumerState.Status.FAILED,
                    () -> runner.state().toString());
            assertTrue(runner.state().reason().contains("WRONGTYPE"), runner.state().toString());
            Await.until(WAIT, () -> logs.messages(Level.DEBUG, "still fails").size() >= 3,
                    () -> "retried " + logs.messages(Level.DEBUG, "still fails").size() + " times");
            assertEquals(1, logs.messages(Level.ERROR, "projection '" + keys.name("orders") + "'").size(),
                    "ERROR once, not on every retry");

            redisson.getKeys().delete(streams.paid());
            new Orders.Publisher(redisson, streams, null, false).publishRange(0, 30);
            Await.until(WAIT, () -> db.count(LOG_COUNT) == 30, () -> db.count(LOG_COUNT) + " applied");
            Await.until(WAIT, () -> runner.state().status() == ConsumerState.Status.RUNNING,
                    () -> runner.state().toString());
            assertEquals(1, logs.messages(Level.INFO, "works again").size());
        }
    }
}
