package dev.streambus.projection;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.status.BuildStatus;
import dev.streambus.projection.status.ProjectionStatus;
import dev.streambus.projection.status.StreamStatus;
import dev.streambus.projection.store.Build;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blue/green rebuilds: readers during the build, the swap, a failing new version, a version bump on start. */
@RedisTest
class BlueGreenRebuildTest {

    /** The history length; the read model is written in JDBC batches ({@link Orders#batched}) to stay quick. */
    private static final int EVENTS = 100_000;
    private static final String LOG_COUNT = Orders.LOG_COUNT;
    private static final String DISTINCT_LOG = Orders.DISTINCT_LOG;
    private static final Duration WAIT = Duration.ofSeconds(300);

    private final RedissonClient redisson;

    BlueGreenRebuildTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void readersNeverSeeAMissingOrPartialRowAndTheSwappedModelEqualsAFromScratchBuild(TestDatabase.Kind kind,
                                                                                     TestKeys keys) throws Exception {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        publisher.publishRange(0, EVENTS);
        Projection projection = Orders.batched(keys.name("orders"), streams).build();
        AtomicInteger published = new AtomicInteger(EVENTS);
        AtomicBoolean stop = new AtomicBoolean();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicLong polls = new AtomicLong();
        Thread producer = new Thread(() -> { // about 500 events/s: live traffic, not a flood the replay cannot outrun
            while (!stop.get()) {
                publisher.publish(Orders.event(published.getAndIncrement()));
                LockSupport.parkNanos(2_000_000);
            }
        }, "producer");
        try (TestDatabase db = TestDatabase.create(kind);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().build())) {
            runner.start();
            Await.until(WAIT, () -> db.count(LOG_COUNT) >= EVENTS, () -> db.count(LOG_COUNT) + " applied live");
            Thread reader = new Thread(() -> poll(db, stop, violations, polls), "reader");
            producer.start();
            reader.start();
            int before = published.get();
            Build first = runner.servingBuild();
            runner.rebuildAll();
            int after = published.get();
            Await.until(WAIT, () -> published.get() >= after + 200, () -> "more published after the swap");
            stop.set(true);
            producer.join();
            reader.join();
            int total = published.get();
            assertTrue(after > before, "the producer published during the rebuild: " + before + " -> " + after);
            Await.until(WAIT, () -> db.count(LOG_COUNT) >= total, () -> db.count(LOG_COUNT) + " of " + total);
            runner.stop();

            assertTrue(violations.isEmpty(), "readers saw: " + violations.subList(0, Math.min(5, violations.size())));
            assertTrue(polls.get() > 10, "readers polled during the rebuild: " + polls.get());
            assertEquals(first.number() + 1, runner.servingBuild().number());
            assertEquals(total, db.count(LOG_COUNT), "every event exactly once");
            assertEquals(total, db.count(DISTINCT_LOG));
            assertEquals(total, db.count("SELECT SUM(events) FROM order_summary"));
            List<BuildStatus> builds = runner.status().builds();
            assertEquals(2, builds.size(), "the retired build is kept for the grace period: " + builds);
            assertEquals(Build.State.RETIRED, builds.get(1).role());
            assertEquals(1, db.schemas(builds.get(1).schema()), "its schema is still there");

            try (TestDatabase scratch = TestDatabase.create(TestDatabase.Kind.H2);
                 ProjectionRunner fresh = ProjectionRunner.create(Orders.batched(keys.name("scratch"), streams)
                         .build(), redisson, scratch.dataSource(), Configs.fast().build())) {
                fresh.catchUp();
                assertEquals(scratch.rows(Orders.SUMMARY), db.rows(Orders.SUMMARY), "equals a from-scratch build");
            }
        } finally {
            stop.set(true);
            producer.join();
        }
    }

    /** Rows never vanish and never go back: each order's event count only grows, the row count only grows. */
    private static void poll(TestDatabase db, AtomicBoolean stop, List<String> violations, AtomicLong polls) {
        Map<Object, Long> seen = new HashMap<>();
        long rows = 0;
        while (!stop.get()) {
            List<List<Object>> now;
            try {
                now = db.rows("SELECT order_id, events FROM order_summary");
            } catch (RuntimeException e) {
                violations.add("query failed: " + e.getMessage());
                continue;
            }
            polls.incrementAndGet();
            if (now.size() < rows) {
                violations.add("rows went from " + rows + " to " + now.size());
            }
            rows = now.size();
            Map<Object, Long> current = new HashMap<>();
            now.forEach(r -> current.put(r.get(0), ((Number) r.get(1)).longValue()));
            for (Map.Entry<Object, Long> e : seen.entrySet()) {
                Long events = current.get(e.getKey());
                if (events == null || events < e.getValue()) {
                    violations.add("order " + e.getKey() + ": " + e.getValue() + " events, then " + events);
                }
            }
            seen = current;
        }
    }

    @Test
    void aFailingHandlerInTheNewVersionStopsTheRebuildNamingTheEntryAndTheOldVersionServesOn(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(publisher.publish(Orders.event(i)));
        }
        String name = keys.name("orders");
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            try (ProjectionRunner v1 = ProjectionRunner.create(Orders.projection(name, streams).build(), redisson,
                    db.dataSource(), Configs.fast().build())) {
                v1.catchUp();
            }
            List<List<Object>> served = db.rows(Orders.SUMMARY);
            Projection v2 = failingOn("o-5", name, streams);
            try (ProjectionRunner runner = ProjectionRunner.create(v2, redisson, db.dataSource(),
                    Configs.fast().build())) {
                assertTrue(runner.versionBehind());
                runner.start();
                ProjectionException e = assertThrows(ProjectionException.class, runner::rebuildAll);
                assertEquals(streams.placed(), e.stream());
                assertEquals(ids.get(15), e.entryId(), "the placed event of o-5 (event 15)");
                assertEquals(1, runner.servingBuild().number());
                assertEquals(served, db.rows(Orders.SUMMARY), "the old version serves on, unchanged");

                ProjectionStatus status = runner.status();
                BuildStatus failed = status.builds().get(0);
                assertEquals(Build.State.FAILED, failed.role());
                assertEquals(BuildStatus.State.FAILED, failed.state());
                assertEquals(ids.get(15), failed.failure().entryId());
                assertEquals(streams.placed(), failed.failure().stream());
                assertTrue(failed.failure().cause().contains("new version fails"), failed.failure().cause());
                assertEquals(0, db.schemas(failed.schema()), "the failed build's schema is dropped");

                publisher.publish(Orders.event(300));
                Await.until(WAIT, () -> db.count(LOG_COUNT) == 301, () -> "the old version stays live");
                assertEquals(BuildStatus.State.LIVE, runner.status().serving().state());
            }
        }
    }

    @Test
    void aVersionBumpOnStartRebuildsInTheBackgroundAndStatusShowsItProgressing(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        publisher.publishRange(0, 3_000);
        String name = keys.name("orders");
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            try (ProjectionRunner v1 = ProjectionRunner.create(Orders.projection(name, streams).build(), redisson,
                    db.dataSource(), Configs.fast().build())) {
                v1.catchUp();
                assertEquals(1, v1.servingBuild().version());
            }
            List<List<Object>> v1Rows = db.rows(Orders.SUMMARY);
            Projection v2 = slowed(Orders.projection(name, streams).version(2).build(), streams);
            RunnerConfig config = Configs.fast().batchSize(100).commitInterval(Duration.ZERO)
                    .progressInterval(Duration.ofMillis(100)).rebuildOnVersionChange(true)
                    .retireAfter(Duration.ZERO).build();
            try (ProjectionRunner runner = ProjectionRunner.create(v2, redisson, db.dataSource(), config)) {
                runner.start();
                Await.until(WAIT, () -> {
                    BuildStatus b = runner.status().building();
                    // a rate needs two progress reports (the first one has none yet)
                    return b != null && b.state() == BuildStatus.State.REPLAYING && b.replay().done() > 0
                            && b.replay().eventsPerSecond() > 0;
                }, () -> "replaying with a rate: " + runner.status());
                ProjectionStatus replaying = runner.status();
                BuildStatus building = replaying.building();
                assertEquals(2, building.version());
                assertEquals(3_000, building.replay().total());
                assertTrue(building.replay().eventsPerSecond() > 0, "rate: " + building.replay());
                assertEquals(1, replaying.serving().version(), "version 1 serves meanwhile");
                assertEquals(v1Rows, db.rows(Orders.SUMMARY), "readers see version 1 meanwhile");

                Await.until(WAIT, () -> runner.servingBuild().version() == 2, () -> "swapped: " + runner.status());
                publisher.publish(Orders.event(3_000));
                Await.until(WAIT, () -> db.count(LOG_COUNT) == 3_001, () -> db.count(LOG_COUNT) + " applied");
                ProjectionStatus live = runner.status();
                BuildStatus serving = live.serving();
                assertEquals(BuildStatus.State.LIVE, serving.state());
                assertEquals(3, serving.streams().size());
                for (StreamStatus s : serving.streams()) {
                    assertEquals(0, s.lagEntries(), "caught up on " + s);
                    assertEquals(Duration.ZERO, s.lagTime());
                }
                assertNotNull(serving.lastAppliedAt());
                Await.until(WAIT, () -> runner.status().builds().size() == 1, () -> "version 1 dropped after a"
                        + " zero grace period: " + runner.status());
                assertEquals(3_001, db.count(DISTINCT_LOG));
            }
        }
    }

    /** The order projection (version 2) whose "placed" handler fails for one order. */
    private static Projection failingOn(String orderId, String name, Orders.Streams streams) {
        Projection inner = Orders.projection(name, streams).build();
        @SuppressWarnings("unchecked")
        EventHandler<Orders.Placed> placed = (EventHandler<Orders.Placed>) inner.handler(streams.placed()).handler();
        Projection.Builder b = Projection.named(name).version(2).migrations(Orders.MIGRATIONS)
                .on(streams.placed(), Orders.Placed.class, (e, m, c) -> {
                    if (e.orderId().equals(orderId)) {
                        throw new IllegalStateException("new version fails on " + orderId);
                    }
                    placed.handle(e, m, c);
                });
        copy(b, inner, streams.paid(), Orders.Paid.class, 0);
        copy(b, inner, streams.shipped(), Orders.Shipped.class, 0);
        return b.build();
    }

    /** {@code p} with every handler taking a millisecond more, so a replay of a few thousand events is watchable. */
    private static Projection slowed(Projection p, Orders.Streams streams) {
        Projection.Builder b = Projection.named(p.name()).version(p.version()).migrations(Orders.MIGRATIONS);
        copy(b, p, streams.placed(), Orders.Placed.class, 1);
        copy(b, p, streams.paid(), Orders.Paid.class, 1);
        copy(b, p, streams.shipped(), Orders.Shipped.class, 1);
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void copy(Projection.Builder b, Projection from, String name, Class<T> type, long sleepMs) {
        EventHandler<T> handler = (EventHandler<T>) from.handler(name).handler();
        b.on(name, type, (e, m, c) -> {
            handler.handle(e, m, c);
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
        });
    }
}
