package dev.streambus.projection;

import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.ProjectionChild;
import dev.streambus.projection.testing.TestDatabase;
import dev.streambus.projection.store.Build;
import dev.streambus.projection.store.BuildRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RedissonClient;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RedisTest
class KillTest {

    private static final int EVENTS = 600;

    private final RedissonClient redisson;

    KillTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @ParameterizedTest
    @ValueSource(strings = {"live", "catch-up"})
    void killedMidBatchThenRunAgainAppliesEveryEventExactlyOnce(String mode, TestKeys keys, @TempDir Path dir)
            throws Exception {
        Orders.Streams streams = Orders.streams(keys);
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, EVENTS);
        String name = keys.name("killed");
        String file = dir.resolve("projection").toString();

        int seen = killWhileApplying(mode, file, name, streams);
        assertTrue(seen >= 200, "the child was applying events when killed");

        DataSource ds = TestDatabase.h2File(file);
        long committed = TestDatabase.rows(ds, "SELECT COUNT(*) FROM order_event_log").get(0).get(0) instanceof Number n
                ? n.longValue() : -1;
        assertTrue(committed < EVENTS, "killed part-way: " + committed + " committed");

        Projection projection = Orders.projection(name, streams).build();
        try (ProjectionRunner runner = ProjectionRunner.create(projection, redisson, ds,
                Configs.fast().batchSize(200).build())) {
            if (mode.equals("live")) {
                runner.start();
                Await.until(Duration.ofSeconds(40), () -> count(ds, "SELECT COUNT(*) FROM order_event_log") >= EVENTS,
                        () -> count(ds, "SELECT COUNT(*) FROM order_event_log") + " applied");
                runner.stop();
            } else {
                runner.catchUp();
            }
        }
        assertEquals(EVENTS, count(ds, "SELECT COUNT(*) FROM order_event_log"));
        assertEquals(EVENTS, count(ds, "SELECT COUNT(*) FROM (SELECT DISTINCT stream, entry_id FROM order_event_log) d"));
        assertEquals(EVENTS, count(ds, "SELECT SUM(events) FROM order_summary"));
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void killedDuringTheShadowBuildLeavesServingUnchangedAndTheRestartedRebuildCompletes(TestKeys keys,
                                                                                     @TempDir Path dir)
            throws Exception {
        Orders.Streams streams = Orders.streams(keys);
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, EVENTS);
        String name = keys.name("bluegreen");
        String file = dir.resolve("projection").toString();
        DataSource ds = TestDatabase.h2File(file);
        try (ProjectionRunner v1 = ProjectionRunner.create(Orders.projection(name, streams).build(), redisson, ds,
                Configs.fast().build())) {
            v1.catchUp();
        }
        List<List<Object>> served = TestDatabase.rows(ds, Orders.SUMMARY);

        assertTrue(killWhileApplying("rebuild", file, name, streams) >= 200, "killed during the shadow build");

        try (Connection c = ds.getConnection()) {
            List<Build> builds = BuildRegistry.builds(c, name);
            assertEquals(List.of(Build.State.SERVING, Build.State.BUILDING),
                    builds.stream().map(Build::state).toList());
            assertEquals(1, builds.get(0).version());
            assertEquals(2, builds.get(1).version());
            long shadow = count(ds, "SELECT COUNT(*) FROM " + builds.get(1).schema() + ".order_event_log");
            assertTrue(shadow < EVENTS, "the shadow build was killed part-way: " + shadow + " applied");
        }
        assertEquals(served, TestDatabase.rows(ds, Orders.SUMMARY), "serving unchanged");
        assertEquals(EVENTS, count(ds, "SELECT COUNT(*) FROM order_event_log"));

        Projection v2 = Orders.projection(name, streams).version(2).build();
        try (ProjectionRunner runner = ProjectionRunner.create(v2, redisson, ds, Configs.fast().build())) {
            runner.rebuildAll();
            assertEquals(2, runner.servingBuild().number(), "the interrupted build resumed and swapped in");
            assertEquals(2, runner.servingBuild().version());
        }
        assertEquals(served, TestDatabase.rows(ds, Orders.SUMMARY));
        assertEquals(EVENTS, count(ds, "SELECT COUNT(*) FROM order_event_log"));
        assertEquals(EVENTS, count(ds, "SELECT COUNT(*) FROM (SELECT DISTINCT stream, entry_id FROM order_event_log) d"));
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    /** Runs {@link ProjectionChild} in a JVM of its own and kills it (-9) once it applied 200 events. */
    private static int killWhileApplying(String mode, String file, String name, Orders.Streams streams)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ProjectionChild.class.getName(), file, mode,
                name, streams.placed(), streams.paid(), streams.shipped()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put(LocalRedis.ENV_VAR, LocalRedis.resolve().url());
        Process child = pb.start();
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("applying ") && Integer.parseInt(line.substring(9)) >= 200) {
                    seen = Integer.parseInt(line.substring(9));
                    break;
                }
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        return seen;
    }

    private static long count(DataSource ds, String sql) {
        return ((Number) TestDatabase.rows(ds, sql).get(0).get(0)).longValue();
    }
}
