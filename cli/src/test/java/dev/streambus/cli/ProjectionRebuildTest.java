package dev.streambus.cli;

import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.event.EntityEvent;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.publish.OutgoingEvent;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** projection:rebuild in-process against a real Redis and an in-memory H2 read model. */
@RedisTest
class ProjectionRebuildTest {

    static final String MODULE = "--module=" + TestProjections.class.getName();
    static final String ROWS = "SELECT item_id, qty, events FROM cli_item ORDER BY item_id";

    private final RedissonClient redisson;
    private final Map<String, String> env = new HashMap<>();
    private final Cli cli;
    private final String jdbcUrl = "jdbc:h2:mem:cli_" + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1";

    ProjectionRebuildTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.cli = new Cli(redisson, env, Clock.systemUTC());
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        TestProjections.ENTITY_TYPE = null;
        try (Connection c = DriverManager.getConnection(jdbcUrl, "", env.getOrDefault(
                "STREAMBUS_JDBC_PASSWORD", "")); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // never created, or another password: it goes with the JVM
        }
    }

    private void streams(TestKeys keys) {
        TestProjections.ADDED = keys.stream("item-added");
        TestProjections.REMOVED = keys.stream("item-removed");
    }

    /** Publishes through the real publisher (plus the entity stream copy when an entity type is set). */
    private String publish(String stream, String item, long qty, boolean fail) {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        OutgoingEvent encoded = publisher.encoder().encode(stream, MessageType.EVENT,
                PhpJson.mapper().valueToTree(new TestProjections.Item(item, qty, fail)), null);
        String entityType = TestProjections.ENTITY_TYPE;
        return publisher.send(new OutgoingEvent(encoded.stream(), encoded.message(), null,
                entityType == null ? null : EntityEvent.streamKey(entityType, item))).join();
    }

    /** a: +5 -2 +1 = 4 (3 events), b: +3 (1 event). */
    private void history() {
        publish(TestProjections.ADDED, "a", 5, false);
        publish(TestProjections.ADDED, "b", 3, false);
        publish(TestProjections.REMOVED, "a", 2, false);
        publish(TestProjections.ADDED, "a", 1, false);
    }

    private List<List<Object>> rows() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "", env.getOrDefault("STREAMBUS_JDBC_PASSWORD",
                "")); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ROWS)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                out.add(List.of(rs.getString(1), rs.getLong(2), rs.getInt(3)));
            }
            return out;
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The schema of the serving build (views are not updatable on H2: tests write the table itself). */
    private String servingSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_name FROM streambus_projection_build WHERE projection = '"
                     + TestProjections.NAME + "' AND state = 'SERVING'")) {
            assertTrue(rs.next(), "a serving build");
            return rs.getString(1);
        }
    }

    private Cli.Result rebuild(String... extra) {
        List<String> args = new ArrayList<>(List.of("projection:rebuild", TestProjections.NAME, MODULE,
                "--jdbc-url=" + jdbcUrl));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void rebuildsTheReadModelWithProgressAndASummary(TestKeys keys) throws SQLException {
        streams(keys);
        history();
        Cli.Result result = rebuild();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(List.of("a", 4L, 3), List.of("b", 3L, 1)), rows());
        assertTrue(result.out().matches("rebuilt cli_items: 4 events in (\\d+ms|\\d+\\.\\ds) \\([\\d,]+(\\.\\d)?/s\\)\n"),
                result::toString);
        assertTrue(result.err().contains("rebuild cli_items [" + "#".repeat(24) + "] 100.0%  4/4  "),
                result::toString);
        assertFalse(result.err().contains("\r"), "not a terminal: plain lines");

        sql("UPDATE " + servingSchema() + ".cli_item SET qty = 999");
        publish(TestProjections.REMOVED, "b", 1, false);
        Cli.Result again = rebuild();
        assertEquals(0, again.exit(), again::toString);
        assertEquals(List.of(List.of("a", 4L, 3), List.of("b", 2L, 2)), rows(), "cleared and replayed");
        assertTrue(again.out().startsWith("rebuilt cli_items: 5 events in "), again::toString);
    }

    @Test
    void rebuildsOneEntityFromItsEntityStream(TestKeys keys) throws SQLException {
        streams(keys);
        TestProjections.ENTITY_TYPE = keys.key("item");
        history();
        assertEquals(0, rebuild().exit());
        sql("UPDATE " + servingSchema() + ".cli_item SET qty = 999");

        Cli.Result result = rebuild("--entity", "a");
        assertEquals(0, result.exit(), result::toString);
        assertEquals("rebuilt cli_items entity a: 3 events\n", result.out());
        assertEquals(List.of(List.of("a", 4L, 3), List.of("b", 999L, 1)), rows(), "only a's rows rebuilt");
    }

    @Test
    void anEntryThatCannotBeAppliedIsOneLineNamingIt(TestKeys keys) {
        streams(keys);
        publish(TestProjections.ADDED, "a", 5, false);
        String failing = publish(TestProjections.ADDED, "x", 1, true);
        Cli.Result result = rebuild();
        assertEquals(1, result.exit(), result::toString);
        String last = result.err().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("error: projection 'cli_items' could not apply stream '" + TestProjections.ADDED
                + "' entry " + failing + ": "), result::toString);
        assertTrue(last.contains("item x failing on purpose"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void statusShowsEachBuildItsStateCheckpointsAndLagAndAFailedRebuildNamingTheEntry(TestKeys keys) {
        streams(keys);
        history();
        assertEquals(0, rebuild().exit());
        Cli.Result status = cli.run("projection:status", "--jdbc-url=" + jdbcUrl);
        assertEquals(0, status.exit(), status::toString);
        List<String> lines = status.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches(row("PROJECTION", "BUILD", "VERSION", "ROLE", "STATE",
                "REPLAY", "LAG", "LAST APPLIED"))), status::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(row("cli_items", "2", "1", "serving", "caught up", "-",
                "0", ".* ago"))),
                status::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(row("cli_items", "1", "1", "retired", "stopped", "-",
                "-", "-"))),
                status::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(row("cli_items", "2",
                java.util.regex.Pattern.quote(TestProjections.ADDED), "\\d+-\\d+", "0", "0s"))), status::toString);

        String failing = publish(TestProjections.ADDED, "x", 1, true);
        assertEquals(1, rebuild().exit());
        Cli.Result after = cli.run("projection:status", TestProjections.NAME, "--jdbc-url=" + jdbcUrl);
        assertEquals(0, after.exit(), after::toString);
        assertTrue(after.out().lines().anyMatch(l -> l.matches(row("cli_items", "3", "1", "failed", "failed", "-",
                "-", "-"))),
                after::toString);
        assertTrue(after.out().lines().anyMatch(l -> l.startsWith("build cli_items#3 failed: stream '"
                + TestProjections.ADDED + "' entry " + failing + ": ")), after::toString);
        assertTrue(after.out().lines().anyMatch(l -> l.matches(row("cli_items", "2", "1", "serving",
                "(stopped|live)", "-", "1", ".*"))),
                "the failing entry is not applied by the serving build either (no live loop): " + after);

        Cli.Result unknown = cli.run("projection:status", "nope", "--jdbc-url=" + jdbcUrl);
        assertEquals(2, unknown.exit(), unknown::toString);
        assertEquals("error: unknown projection 'nope'; known: cli_items\n", unknown.err());
    }

    /** A table row of these cells (regular expressions), as AsciiTable draws it. */
    private static String row(String... cells) {
        return "\\| " + String.join(" +\\| ", cells) + " +\\|";
    }

    @Test
    void unknownProjectionListsTheKnownOnes(TestKeys keys) {
        streams(keys);
        Cli.Result result = cli.run("projection:rebuild", "nope", MODULE, "--jdbc-url=" + jdbcUrl);
        assertEquals(2, result.exit(), result::toString);
        assertEquals("error: unknown projection 'nope'; known: cli_items, cli_other\n", result.err());
    }

    @Test
    void badArgumentsExit2() {
        Cli.Result noUrl = cli.run("projection:rebuild", TestProjections.NAME, MODULE);
        assertEquals(2, noUrl.exit(), noUrl::toString);
        assertTrue(noUrl.err().contains("--jdbc-url"), noUrl::toString);
        Cli.Result mysql = cli.run("projection:rebuild", TestProjections.NAME, MODULE, "--jdbc-url=jdbc:mysql://h/db");
        assertEquals(2, mysql.exit(), mysql::toString);
        Cli.Result noModule = cli.run("projection:rebuild", TestProjections.NAME, "--jdbc-url=" + jdbcUrl);
        assertEquals(2, noModule.exit(), noModule::toString);
        assertTrue(noModule.err().startsWith("no projections: name your Guice module"), noModule::toString);
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverPrinted(TestKeys keys) throws SQLException {
        streams(keys);
        env.put("STREAMBUS_JDBC_PASSWORD", "right-s3cret");
        history();
        Cli.Result ok = rebuild();
        assertEquals(0, ok.exit(), ok::toString);
        assertEquals(2, rows().size());

        Cli.Result wrong = rebuild("--jdbc-password=wrong-s3cret");
        assertEquals(1, wrong.exit(), wrong::toString);
        assertEquals(1, wrong.err().lines().count(), wrong::toString);
        assertTrue(wrong.err().startsWith("error: projection 'cli_items': database unusable: "), wrong::toString);
        assertFalse(wrong.toString().contains("s3cret"), wrong::toString);
    }
}
