package dev.streambus.projection;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.progress.Progress;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamGroup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay whose stream grows as fast as it is read still ends: it stops at the ids the streams had when it started
 * and hands over there. The producer here is the projection itself: every applied "placed" event publishes another
 * one (up to {@link #CAP}), so a replay reading "to the end" would chase the end until the cap.
 */
@RedisTest
class ReplayEndTest {

    private static final int EVENTS = 3_000;
    private static final int CAP = 60_000;

    private final RedissonClient redisson;

    ReplayEndTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void aCatchUpUnderAProducerEndsAtTheIdsTheStreamsHadWhenItStarted(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        String last = null;
        for (int i = 0; i < EVENTS; i++) {
            last = publisher.publish(new Orders.Placed("o-" + i, "c", 1));
        }
        AtomicInteger appended = new AtomicInteger();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(appending(keys.name("orders"), streams, publisher,
                     appended), redisson, db.dataSource(), Configs.fast().batchSize(100).prefetchDepth(1).build())) {
            Progress p = runner.catchUp();

            assertEquals(EVENTS, p.done(), "applied exactly what the stream held when the catch-up started");
            assertEquals(EVENTS, db.count(Orders.LOG_COUNT));
            assertEquals(EntryId.of(last), runner.checkpoints().get(streams.placed()));
            assertTrue(appended.get() >= EVENTS - 100, "the producer appended while it ran: " + appended.get());
        }
    }

    @Test
    void theFirstPassOfAShadowBuildUnderAProducerEndsAndTheLiveGroupTakesOverAtTheExactIds(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        for (int i = 0; i < EVENTS; i++) {
            publisher.publish(new Orders.Placed("o-" + i, "c", 1));
        }
        AtomicInteger appended = new AtomicInteger();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(appending(keys.name("orders"), streams, publisher,
                     appended), redisson, db.dataSource(), Configs.fast().batchSize(100).prefetchDepth(1).build())) {
            Progress p = runner.rebuildAll();

            assertTrue(appended.get() < CAP, "ended before the producer stopped: " + appended.get());
            Map<String, EntryId> checkpoints = runner.checkpoints();
            EntryId handedOver = checkpoints.get(streams.placed());
            assertEquals(p.done(), db.count(Orders.LOG_COUNT), "every applied event once");
            assertEquals(p.done(), db.count(Orders.DISTINCT_LOG));
            List<StreamGroup> groups = redisson.getStream(streams.placed()).listGroups();
            assertEquals(1, groups.size());
            assertEquals(handedOver, new EntryId(groups.get(0).getLastDeliveredId().getId0(),
                    groups.get(0).getLastDeliveredId().getId1()), "the live group starts right after the build");
            assertTrue(redisson.getStream(streams.placed()).size() > p.done(),
                    "entries after the hand-over are the live path's");
        }
    }

    /** The order projection whose "placed" handler publishes one more placed event (until the cap). */
    private static Projection appending(String name, Orders.Streams streams, Orders.Publisher publisher,
                                        AtomicInteger appended) {
        Projection inner = Orders.projection(name, streams).build();
        @SuppressWarnings("unchecked")
        EventHandler<Orders.Placed> placed = (EventHandler<Orders.Placed>) inner.handler(streams.placed()).handler();
        return Projection.named(name).migrations(Orders.MIGRATIONS)
                .on(streams.placed(), Orders.Placed.class, (e, m, c) -> {
                    placed.handle(e, m, c);
                    int n = appended.incrementAndGet();
                    if (n <= CAP) {
                        publisher.publishAsync(new Orders.Placed("n-" + n, "c", 1));
                    }
                })
                .reset(c -> { })
                .build();
    }
}
