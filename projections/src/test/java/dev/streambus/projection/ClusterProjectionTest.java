package dev.streambus.projection;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import dev.streambus.redis.SlotKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Projections on a real 3-master Redis Cluster: a rebuild over three streams in three slots (plain names) and the
 * live loop over three streams sharing one slot (hash-tagged names; half the events published after the start, so
 * they arrive through the live group) give exactly the standalone result.
 */
@RedisTest
class ClusterProjectionTest {

    private static final int EVENTS = 300;
    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();

    private final RedissonClient standalone;

    ClusterProjectionTest(RedissonClient standalone) {
        this.standalone = standalone;
    }

    @Test
    void aRebuildOverThreeSlotsAndLiveOverOneSlotEqualTheStandaloneResult(TestKeys keys) {
        Orders.Streams local = Orders.streams(keys);
        List<List<Object>> expected = rebuilt(standalone, local, keys.name("orders"));

        Orders.Streams plain = new Orders.Streams("order-placed", "order-paid", "order-shipped");
        assertEquals(3, plain.all().stream().map(s -> SlotKeys.slot(CLUSTER.client(), s)).distinct().count());
        assertEquals(expected, rebuilt(CLUSTER.client(), plain, "orders-plain"), "rebuild over three slots");

        Orders.Streams tagged = new Orders.Streams("{orders}.placed", "{orders}.paid", "{orders}.shipped");
        Orders.Publisher publisher = new Orders.Publisher(CLUSTER.client(), tagged, null, false);
        publisher.publishRange(0, EVENTS / 2);
        Projection projection = Orders.projection("orders-live", tagged).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, CLUSTER.client(), db.dataSource(),
                     Configs.fast().build())) {
            runner.start();
            publisher.publishRange(EVENTS / 2, EVENTS); // read by the live group, not the catch-up
            Await.until(Duration.ofSeconds(60), () -> db.count(LOG_COUNT) == EVENTS,
                    () -> db.count(LOG_COUNT) + " of " + EVENTS + " applied live; " + runner.state());
            runner.stop();
            assertEquals(expected, db.rows(Orders.SUMMARY), "live over one slot");
            runner.rebuildAll();
            assertEquals(expected, db.rows(Orders.SUMMARY), "rebuild after live");
        }
    }

    private static List<List<Object>> rebuilt(RedissonClient redisson, Orders.Streams streams, String name) {
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, EVENTS);
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(Orders.projection(name, streams).build(), redisson,
                     db.dataSource(), Configs.fast().build())) {
            runner.rebuildAll();
            assertEquals(EVENTS, db.count(LOG_COUNT));
            return db.rows(Orders.SUMMARY);
        }
    }
}
