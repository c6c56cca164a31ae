package dev.streambus.projection;

import dev.streambus.event.EntityEvent;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@RedisTest
class EntityRebuildTest {

    private static final int EVENTS = 90; // orders o-0 .. o-29, three events each
    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";

    private final RedissonClient redisson;

    EntityRebuildTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void rebuildingOneEntityFromItsEntityStreamTouchesOnlyItsRows(TestKeys keys) {
        String entityType = keys.key("order");
        check(keys, entityType, false);
        assertEquals(4, redisson.getStream(EntityEvent.streamKey(entityType, "o-0"), StringCodec.INSTANCE).size(),
                "o-0's entity stream: three events and the late one");
    }

    @Test
    void rebuildingOneEntityFromLaravelHistoryListsTouchesOnlyItsRows(TestKeys keys) {
        check(keys, null, true);
    }

    @Test
    void entityStreamProjectionReplaysEveryEntityStreamLikeTheEventStreams(TestKeys keys) {
        String entityType = keys.key("order");
        Orders.Streams streams = Orders.streams(keys);
        new Orders.Publisher(redisson, streams, entityType, false).publishRange(0, EVENTS);
        Projection byEvents = Orders.projection(keys.name("by-events"), streams).build();
        Projection byEntities = Orders.projection(keys.name("by-entities"), streams).entityType(entityType)
                .replayFromEntityStreams().build();
        try (TestDatabase a = TestDatabase.create(TestDatabase.Kind.H2);
             TestDatabase b = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner ra = ProjectionRunner.create(byEvents, redisson, a.dataSource(), Configs.fast().build());
             ProjectionRunner rb = ProjectionRunner.create(byEntities, redisson, b.dataSource(),
                     Configs.fast().build())) {
            ra.rebuildAll();
            rb.rebuildAll();
            assertEquals(a.rows(Orders.SUMMARY), b.rows(Orders.SUMMARY));
            assertEquals(EVENTS / 3, rb.checkpoints().size(), "one checkpoint per entity stream");
        }
    }

    private void check(TestKeys keys, String entityType, boolean history) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, entityType, history);
        publisher.publishRange(0, EVENTS);
        Projection.Builder builder = Orders.projection(keys.name("orders"), streams);
        if (entityType != null) {
            builder.entityType(entityType);
        }
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(builder.build(), redisson, db.dataSource(),
                     Configs.fast().build())) {
            runner.start();
            Await.until(Duration.ofSeconds(30), () -> db.count(LOG_COUNT) == EVENTS, () -> "live applied");
            runner.stop();
            List<List<Object>> built = db.rows(Orders.SUMMARY);

            db.execute("UPDATE " + runner.servingBuild().schema() + ".order_summary SET total_cents = -1,"
                    + " events = 99 WHERE order_id IN ('o-0', 'o-1')");
            List<List<Object>> tampered = db.rows(Orders.SUMMARY);
            // an event of o-0 the projection has not applied yet: the entity rebuild must leave it to live
            publisher.publish(Orders.event(1)); // another "paid" for o-0

            assertEquals(3, runner.rebuildEntity("o-0"));

            List<List<Object>> after = db.rows(Orders.SUMMARY);
            assertEquals(built.get(0), after.get(0), "o-0 rebuilt");
            for (int i = 1; i < after.size(); i++) {
                assertEquals(tampered.get(i), after.get(i), "row " + i + " untouched");
            }
            assertEquals(EVENTS, db.count(LOG_COUNT));

            runner.start();
            Await.until(Duration.ofSeconds(30), () -> db.count(LOG_COUNT) == EVENTS + 1, () -> "live applied");
            runner.stop();
            assertEquals(4L, ((Number) db.rows("SELECT events FROM order_summary WHERE order_id = 'o-0'")
                    .get(0).get(0)).longValue(), "the new event applied once");
        }
    }
}
