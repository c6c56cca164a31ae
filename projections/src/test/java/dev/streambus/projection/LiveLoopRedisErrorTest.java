package dev.streambus.projection;

import ch.qos.logback.classic.Level;
import dev.streambus.consume.ConsumerEvent;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A permanent Redis error in the live loop is logged at ERROR once, shown by state(), told as events (the consumer's
 * read loop runs it), and retried until fixed.
 */
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
            Queue<ConsumerEvent> events = new ConcurrentLinkedQueue<>();
            runner.watch(events::add);
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
            Await.until(WAIT, () -> !logs.messages(Level.INFO, "works again").isEmpty(),
                    () -> "no 'works again' log line"); // logged just after the problem is forgotten (RUNNING)
            assertEquals(1, logs.messages(Level.INFO, "works again").size());
            assertTrue(events.stream().anyMatch(e -> e instanceof ConsumerEvent.RedisError r && r.permanent()
                    && r.reason().contains("WRONGTYPE")), events::toString);
            Await.until(WAIT, () -> events.stream().anyMatch(e -> e instanceof ConsumerEvent.Resumed),
                    events::toString); // told once the read after the failures was handed out

            long before = runner.liveStats().acknowledged(); // the catch-up applied the rest of the 30
            new Orders.Publisher(redisson, streams, null, false).publishRange(30, 35); // after the catch-up: live
            Await.until(WAIT, () -> runner.liveStats().acknowledged() == before + 5,
                    () -> runner.liveStats().toString());
            assertEquals(35, db.count(LOG_COUNT));
            assertEquals(before + 5, events.stream().filter(e -> e instanceof ConsumerEvent.BatchSettled)
                    .mapToInt(e -> ((ConsumerEvent.BatchSettled) e).entries()).sum(), events::toString);
        }
    }
}
