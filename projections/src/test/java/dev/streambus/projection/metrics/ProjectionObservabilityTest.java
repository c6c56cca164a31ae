package dev.streambus.projection.metrics;

import dev.streambus.health.HealthReport;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.health.ProjectionHealth;
import dev.streambus.projection.progress.Progress;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.streambus.metrics.MeterNames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Projection meters (applied, checkpoint lag, rebuild progress) and health, against real Redis and H2. */
@RedisTest
class ProjectionObservabilityTest {

    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final RedissonClient redisson;

    ProjectionObservabilityTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void appliedCheckpointLagAndRebuildProgressAreMetered(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, 300);
        MeterRegistry registry = new SimpleMeterRegistry();
        List<Progress> passedOn = new ArrayList<>();
        Projection projection = Orders.projection(keys.name("p"), streams).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().batchSize(50).progressInterval(Duration.ofNanos(1))
                             .progressListener(new RebuildProgress(registry, passedOn::add)).build());
             ProjectionMetrics metrics = new ProjectionMetrics(runner, redisson, Duration.ofMinutes(1))) {
            metrics.bindTo(registry);
            String name = projection.name();
            assertTrue(Double.isNaN(lag(registry, name, streams.placed())), "unknown before the first refresh");

            runner.rebuildAll();
            assertEquals(300.0, registry.get(PROJECTION_APPLIED).tag(TAG_PROJECTION, name).functionCounter().count());
            assertEquals(db.count(LOG_COUNT), runner.appliedCount());
            assertEquals(1.0, registry.get(PROJECTION_REBUILD_PROGRESS).tags(TAG_PROJECTION, name, TAG_PHASE,
                    "rebuild").gauge().value());
            assertTrue(passedOn.size() > 1 && passedOn.get(passedOn.size() - 1).finished(), "reports passed on");

            metrics.refresh();
            for (String stream : streams.all()) {
                assertEquals(0.0, lag(registry, name, stream), "caught up: " + stream);
            }

            // an entry 5 s after the last one, not applied yet: the checkpoint is 5 s behind
            EntryId last = runner.lastCheckpoints().get(streams.placed());
            redisson.<String, String>getStream(streams.placed(), StringCodec.INSTANCE).add(
                    new StreamMessageId(last.ms() + 5_000, 0), StreamAddArgs.entries(java.util.Map.of("name", "x")));
            metrics.refresh();
            assertEquals(5_000.0, lag(registry, name, streams.placed()));
            assertEquals(Duration.ofSeconds(5), metrics.checkpointLag().get(streams.placed()));
            assertEquals(0.0, lag(registry, name, streams.paid()));

            ProjectionHealth health = new ProjectionHealth(runner, metrics, Duration.ofSeconds(1));
            HealthReport stopped = health.report();
            assertEquals(HealthReport.Status.STOPPED, stopped.status(), "not started: " + stopped);
            assertEquals(300L, stopped.details().get("applied"));
        }
    }

    @Test
    void healthIsRunningWhileLiveAndFailedWithTheReasonWhenAnEventStopsIt(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        publisher.publish(new Orders.Placed("o-1", "c", 1));
        Projection projection = poisonable(keys, streams);
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().build());
             ProjectionMetrics metrics = new ProjectionMetrics(runner, redisson, Duration.ofMinutes(1))) {
            ProjectionHealth health = new ProjectionHealth(runner, metrics, Duration.ofMinutes(5));
            runner.start();
            Await.until(WAIT, () -> db.count(LOG_COUNT) == 1, () -> "not applied");
            metrics.refresh();
            HealthReport running = health.report();
            assertEquals(HealthReport.Status.RUNNING, running.status(), running.toString());
            assertEquals(runner.group(), running.details().get("group"));
            assertEquals(0L, running.details().get("checkpointLagMs." + streams.placed()));

            publisher.publish(new Orders.Placed("o-2", "poison", 1));
            Await.until(WAIT, () -> !runner.isRunning(), () -> "the poison pill did not stop it");
            HealthReport failed = health.report();
            assertEquals(HealthReport.Status.FAILED, failed.status(), failed.toString());
            assertEquals(HealthReport.Kind.STOPPED_BY_ERROR, failed.reasons().get(0).kind());
            assertTrue(failed.reason().contains("poison pill"), failed.reason());
        }
    }

    private static double lag(MeterRegistry registry, String projection, String stream) {
        return registry.get(PROJECTION_CHECKPOINT_LAG).tags(TAG_PROJECTION, projection, TAG_STREAM, stream)
                .timeGauge().value(TimeUnit.MILLISECONDS);
    }

    private static Projection poisonable(TestKeys keys, Orders.Streams streams) {
        return Projection.named(keys.name("poisonable"))
                .migrations(Orders.MIGRATIONS)
                .on(streams.placed(), Orders.Placed.class, (e, m, c) -> {
                    try (var insert = c.prepareStatement(
                            "INSERT INTO order_event_log (stream, entry_id, order_id) VALUES (?, ?, ?)")) {
                        insert.setString(1, m.stream());
                        insert.setString(2, m.id());
                        insert.setString(3, e.orderId());
                        insert.executeUpdate();
                    }
                    if (e.customer().equals("poison")) {
                        throw new IllegalStateException("poison pill in " + e.orderId());
                    }
                })
                .reset(c -> c.createStatement().execute("DELETE FROM order_event_log"))
                .build();
    }
}
