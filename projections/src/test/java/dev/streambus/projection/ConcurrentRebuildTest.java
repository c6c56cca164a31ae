package dev.streambus.projection;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RedisTest
class ConcurrentRebuildTest {

    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";

    private final RedissonClient redisson;

    ConcurrentRebuildTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void rebuildWhileAProducerKeepsPublishingEndsWithEveryEventExactlyOnce(TestKeys keys) throws Exception {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        publisher.publishRange(0, 2_000);
        Projection projection = Orders.projection(keys.name("orders"), streams).build();
        AtomicInteger published = new AtomicInteger(2_000);
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            while (!stop.get()) {
                publisher.publish(Orders.event(published.getAndIncrement()));
            }
        }, "producer");
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().batchSize(200).build())) {
            runner.start();
            producer.start();
            Await.until(Duration.ofSeconds(30), () -> db.count(LOG_COUNT) >= 1_000, () -> "live started");
            int before = published.get();
            runner.rebuildAll();
            int after = published.get();
            Await.until(Duration.ofSeconds(30), () -> published.get() >= after + 300, () -> "more published");
            stop.set(true);
            producer.join();
            int total = published.get();
            assertTrue(after > before, "the producer published during the rebuild: " + before + " -> " + after);
            Await.until(Duration.ofSeconds(30), () -> db.count(LOG_COUNT) >= total,
                    () -> db.count(LOG_COUNT) + " of " + total);
            runner.stop();

            assertEquals(total, db.count(LOG_COUNT));
            assertEquals(total, db.count("SELECT COUNT(*) FROM (SELECT DISTINCT stream, entry_id"
                    + " FROM order_event_log) d"));
            assertEquals(total, db.count("SELECT SUM(events) FROM order_summary"));
            assertEquals((total + 2) / 3, db.count("SELECT COUNT(*) FROM order_summary"));
        } finally {
            stop.set(true);
            producer.join();
        }
    }
}
