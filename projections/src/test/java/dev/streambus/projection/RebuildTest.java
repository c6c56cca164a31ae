package dev.streambus.projection;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@RedisTest
class RebuildTest {

    private static final int EVENTS = 10_000;
    private static final String LOG_COUNT = Orders.LOG_COUNT;
    private static final String DISTINCT_LOG = Orders.DISTINCT_LOG;

    private final RedissonClient redisson;

    RebuildTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void rebuildOfTenThousandEventsEqualsTheLiveBuiltModelRowForRowAndRepeats(TestDatabase.Kind kind,
                                                                             TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, EVENTS);
        Projection projection = Orders.projection(keys.name("orders"), streams).build();
        try (TestDatabase db = TestDatabase.create(kind);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().build())) {
            runner.start();
            Await.until(Duration.ofSeconds(60), () -> db.count(LOG_COUNT) == EVENTS,
                    () -> db.count(LOG_COUNT) + " of " + EVENTS + " applied live");
            runner.stop();
            List<List<Object>> live = db.rows(Orders.SUMMARY);
            assertEquals(EVENTS / 3 + 1, live.size());
            assertEquals(EVENTS, db.count("SELECT SUM(events) FROM order_summary"));

            runner.rebuildAll();
            assertEquals(live, db.rows(Orders.SUMMARY), "first rebuild");
            assertEquals(EVENTS, db.count(LOG_COUNT));
            assertEquals(EVENTS, db.count(DISTINCT_LOG));

            runner.rebuildAll();
            assertEquals(live, db.rows(Orders.SUMMARY), "second rebuild");
            assertEquals(EVENTS, db.count(LOG_COUNT));
            assertEquals(0, db.count("SELECT COUNT(*) FROM " + runner.servingBuild().schema()
                    + ".streambus_guard WHERE projection = '"
                    + projection.name() + "' AND entry_ms = 0"));
            assertEquals(3, runner.checkpoints().size());
        }
    }
}
