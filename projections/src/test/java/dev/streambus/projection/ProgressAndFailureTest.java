package dev.streambus.projection;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.progress.Progress;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.store.RecordedFailure;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RedisTest
class ProgressAndFailureTest {

    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";

    private final RedissonClient redisson;

    ProgressAndFailureTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void progressReportsDoneTotalRateAndEta(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, 3_000);
        List<Progress> reports = new ArrayList<>();
        RunnerConfig config = Configs.fast().batchSize(100).commitInterval(Duration.ZERO)
                .progressInterval(Duration.ofNanos(1))
                .progressListener(reports::add).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(Orders.projection(keys.name("p"), streams).build(),
                     redisson, db.dataSource(), config)) {
            Progress last = runner.rebuildAll();
            assertEquals(3_000, last.total(), "total = sum of XLEN");
            assertEquals(3_000, last.done());
            assertTrue(last.finished());
            assertEquals(Duration.ZERO, last.eta());
            assertEquals(last, reports.get(reports.size() - 1));
            assertTrue(reports.size() >= 10, "a report per batch at this interval: " + reports.size());
            long previous = 0;
            for (Progress p : reports.subList(0, reports.size() - 1)) {
                assertEquals(3_000, p.total());
                assertTrue(p.done() > previous && p.done() <= 3_000, "done grows: " + p);
                if (p == reports.get(0)) { // the rate is measured from the first batch on: none yet
                    assertNull(p.eta(), "eta: " + p);
                    previous = p.done();
                    continue;
                }
                assertTrue(p.eventsPerSecond() > 0, "rate: " + p);
                assertNotNull(p.eta(), "eta: " + p);
                if (p.done() == 3_000) {
                    previous = p.done();
                    continue;
                }
                assertTrue(p.eta().toMillis() > 0, "eta: " + p);
                double expected = (3_000 - p.done()) / p.eventsPerSecond();
                assertEquals(expected, p.eta().toMillis() / 1000.0, 0.01 + expected * 0.01, "eta = left / rate");
                previous = p.done();
            }
            assertTrue(previous >= 2_900, "reports up to the end");
        }
    }

    @Test
    void aFailingEventStopsTheRebuildNamingItAndTheServingBuildIsUntouched(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(publisher.publish(new Orders.Placed("o-" + i, i == 24 ? "poison" : "c", 1)));
        }
        Projection projection = poisonable(keys, streams);
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().batchSize(10).build())) {
            ProjectionException e = assertThrows(ProjectionException.class, runner::rebuildAll);
            assertEquals(projection.name(), e.projection());
            assertEquals(streams.placed(), e.stream());
            assertEquals(ids.get(24), e.entryId());
            assertTrue(e.getMessage().contains("projection '" + projection.name() + "'")
                    && e.getMessage().contains(streams.placed()) && e.getMessage().contains(ids.get(24))
                    && e.getMessage().contains("poison pill"), e.getMessage());
            assertEquals(0, db.count(LOG_COUNT), "the serving (empty, never started) build is untouched");
            assertEquals(0, db.count("SELECT COUNT(*) FROM order_summary"));
            assertTrue(runner.checkpoints().isEmpty());
            assertEquals(1, runner.servingBuild().number());
            var failed = runner.status().builds().get(0);
            assertEquals(dev.streambus.projection.store.Build.State.FAILED, failed.role());
            assertEquals(ids.get(24), failed.failure().entryId());
            assertEquals(streams.placed(), failed.failure().stream());
            assertEquals(0, db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = '"
                    + failed.schema() + "'"), "the failed build's schema is dropped");
        }
    }

    @Test
    void withSkipFailuresTheEventIsRecordedAndTheRestApplied(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(publisher.publish(new Orders.Placed("o-" + i, i == 24 ? "poison" : "c", 1)));
        }
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(poisonable(keys, streams), redisson,
                     db.dataSource(), Configs.fast().batchSize(10).skipFailures(true).build())) {
            runner.rebuildAll();
            assertEquals(49, db.count(LOG_COUNT));
            assertEquals(0, db.count("SELECT COUNT(*) FROM order_summary WHERE order_id = 'o-24'"),
                    "nothing half-applied");
            List<RecordedFailure> failures = runner.failures();
            assertEquals(1, failures.size());
            assertEquals(streams.placed(), failures.get(0).stream());
            assertEquals(EntryId.of(ids.get(24)), failures.get(0).position());
            assertTrue(failures.get(0).error().contains("poison pill"), failures.get(0).error());
            assertEquals(EntryId.of(ids.get(49)), runner.checkpoints().get(streams.placed()));
        }
    }

    @Test
    void anEntryThatIsNotReadableTextStopsTheRebuildNamingTheField(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        publisher.publish(new Orders.Placed("o-1", "c", 1));
        Map<byte[], byte[]> fields = new LinkedHashMap<>(); // byte[] keys: the repeated data field stays
        fields.put(utf8("name"), utf8(streams.placed()));
        fields.put(utf8("data"), utf8("{\"orderId\":\"o-2\",\"customer\":\"c\",\"amountCents\":1}"));
        fields.put(utf8("data"), utf8("{\"orderId\":\"o-3\",\"customer\":\"c\",\"amountCents\":1}"));
        StreamMessageId twice = redisson.<byte[], byte[]>getStream(streams.placed(), ByteArrayCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields));
        Projection projection = Orders.projection(keys.name("p"), streams).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().build())) {
            ProjectionException e = assertThrows(ProjectionException.class, runner::rebuildAll);
            assertEquals(twice.getId0() + "-" + twice.getId1(), e.entryId());
            assertTrue(e.getMessage().contains("field 'data': stored more than once"), e.getMessage());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The order projection, whose "placed" handler fails after writing when the customer is "poison". */
    private static Projection poisonable(TestKeys keys, Orders.Streams streams) {
        Projection inner = Orders.projection(keys.name("inner"), streams).build();
        @SuppressWarnings("unchecked")
        EventHandler<Orders.Placed> placed =
                (EventHandler<Orders.Placed>) inner.handler(streams.placed()).handler();
        return Projection.named(keys.name("poisonable"))
                .migrations(Orders.MIGRATIONS)
                .on(streams.placed(), Orders.Placed.class, (e, m, c) -> {
                    placed.handle(e, m, c);
                    if (e.customer().equals("poison")) {
                        throw new IllegalStateException("poison pill in " + e.orderId());
                    }
                })
                .reset(inner.reset())
                .build();
    }
}
