package dev.streambus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.publish.EventEncoder;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command, in-process, against a real Redis. */
@RedisTest
class CliTest {

    static final JsonNode FAILED = Fixtures.load("failed-message.json");
    static final String PHP_MEMBER = FAILED.get("failed_stream_smembers_added").get(0).get("raw").asText();
    static final String FAILING_STREAM = FAILED.get("stream").asText();
    static final String MODULE = "--module=" + TestListeners.class.getName();
    /** Two days after the archive fixture's created second. */
    static final Clock LATER = Clock.fixed(Instant.ofEpochSecond(1795313279L + 2 * 86_400), ZoneOffset.UTC);

    private final RedissonClient redisson;
    private final Map<String, String> env = new HashMap<>();
    private final Cli cli;

    CliTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.cli = new Cli(redisson, env, LATER);
    }

    @BeforeEach
    @AfterEach
    void reset() {
        redisson.getKeys().delete(FAILING_STREAM);
        TestListeners.SEEN.clear();
    }

    private String failedKey(TestKeys keys) {
        return "--failed-key=" + keys.key("failed_stream");
    }

    private void xadd(String stream, JsonNode entry) {
        redisson.<String, String>getStream(stream, StringCodec.INSTANCE).add(EntryId.parse(entry.get("id").asText()),
                StreamAddArgs.entries(Fixtures.fields(entry)));
    }

    private List<StreamEntry> entries(String stream) {
        return RedisStreams.entries(stream, new RedisStreams(redisson).entryStream(stream)
                .range(StreamMessageId.MIN, StreamMessageId.MAX));
    }

    // ---- failed:*

    @Test
    void failedListPrintsArtisansTableForAPhpMember(TestKeys keys) {
        redisson.getSet(keys.key("failed_stream"), StringCodec.INSTANCE).add(PHP_MEMBER);
        Cli.Result result = cli.run("failed:list", failedKey(keys));
        assertEquals(0, result.exit(), result::toString);
        List<String> expected = new ArrayList<>();
        FAILED.get("streamer_failed_list_output").forEach(line -> expected.add(line.asText()));
        assertEquals(expected, result.outLines());

        Cli.Result compact = cli.run("failed:list", "--compact", failedKey(keys));
        assertEquals("| ID              | Stream          | Error                                          |",
                compact.outLines().get(1));
    }

    @Test
    void failedListAndRetryWithNothingToDo(TestKeys keys) {
        assertEquals("No failed messages\n", cli.run("failed:list", failedKey(keys)).out());
        assertEquals("There are no failed messages to retry.\n",
                cli.run("failed:retry", "--all", MODULE, failedKey(keys)).out());
    }

    @Test
    void failedRetryRunsThePhpRecordsListenerAndRemovesIt(TestKeys keys) {
        TestListeners.EVENTS = Set.of(FAILING_STREAM);
        redisson.getSet(keys.key("failed_stream"), StringCodec.INSTANCE).add(PHP_MEMBER);
        xadd(FAILING_STREAM, FAILED.get("entries").get(0));

        Cli.Result result = cli.run("failed:retry", "--receiver=InteropRecordingListener", MODULE, failedKey(keys));
        assertEquals(0, result.exit(), result::toString);
        assertEquals("Successfully retried [1795313278578-0] on fixture.failing stream by [InteropRecordingListener]"
                + " listener\n", result.out());
        assertEquals(1, TestListeners.SEEN.size());
        assertEquals(0, redisson.getSet(keys.key("failed_stream")).size());
    }

    @Test
    void failedRetryThatFailsAgainKeepsTheRecord(TestKeys keys) {
        TestListeners.EVENTS = Set.of(FAILING_STREAM);
        redisson.getSet(keys.key("failed_stream"), StringCodec.INSTANCE).add(PHP_MEMBER.replace(
                "InteropRecordingListener", "FailingListener"));
        LinkedHashMap<String, String> fields = Fixtures.fields(FAILED.get("entries").get(0));
        fields.put("data", "{\"fail\":true}");
        redisson.<String, String>getStream(FAILING_STREAM, StringCodec.INSTANCE)
                .add(EntryId.parse("1795313278578-0"), StreamAddArgs.entries(fields));
        Cli.Result result = cli.run("failed:retry", "--id=1795313278578-0", "--stream=" + FAILING_STREAM, MODULE,
                failedKey(keys));
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.err().contains("FailingListener failed again: failing on purpose"), result::toString);
        assertEquals(1, redisson.getSet(keys.key("failed_stream")).size());
    }

    @Test
    void failedFlush(TestKeys keys) {
        redisson.getSet(keys.key("failed_stream"), StringCodec.INSTANCE).add(PHP_MEMBER);
        assertEquals("Flushed 1 failed message.\n", cli.run("failed:flush", failedKey(keys)).out());
        assertEquals(0, redisson.getSet(keys.key("failed_stream")).size());
    }

    // ---- publish, list, listen

    @Test
    void publishWritesWhatATypedPublishWrites(TestKeys keys) {
        String stream = keys.stream("orders");
        String data = "{\"z\":1,\"price\":49.99,\"big\":9223372036854775807,\"path\":\"a/b\",\"s\":\"\u00e9\"}";
        Cli.Result result = cli.run("publish", stream, "--data", data, "--type=notification", "--domain=shop");
        assertEquals(0, result.exit(), result::toString);
        List<StreamEntry> stored = entries(stream);
        assertEquals(1, stored.size());
        assertEquals(stored.get(0).id() + "\n", result.out());
        EventEncoder encoder = new EventEncoder(PublisherConfig.builder().domain("shop").clock(LATER).build());
        assertEquals(encoder.encode(stream, MessageType.NOTIFICATION, PhpJson.decode(data), null).message().fields(),
                stored.get(0).fields());
        assertEquals("{\"z\":1,\"price\":49.99,\"big\":9223372036854775807,\"path\":\"a\\/b\",\"s\":\"\\u00e9\"}",
                stored.get(0).fields().get("data"));
    }

    @Test
    void listShowsEventsAndListeners(TestKeys keys) {
        String stream = keys.stream("orders");
        TestListeners.EVENTS = Set.of(stream);
        Cli.Result result = cli.run("list", MODULE);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("| " + stream + " | InteropRecordingListener |"), result::toString);
        assertTrue(result.out().contains("|" + " ".repeat(stream.length() + 2) + "| FailingListener          |"),
                result::toString);
        Cli.Result compact = cli.run("list", "--compact", MODULE);
        assertEquals(List.of(" Event" + " ".repeat(stream.length() - 5) + " ", " " + stream + " "),
                compact.outLines());
    }

    @Test
    void listenInAGroupPurgesWhatAllListenersHandled(TestKeys keys) {
        String stream = keys.stream("orders");
        TestListeners.EVENTS = Set.of(stream);
        cli.run("publish", stream, "--data", "{\"n\":1}");
        String failing = cli.run("publish", stream, "--data", "{\"fail\":true}").out().trim();
        Cli.Result result = cli.run("listen", stream, "--group=" + keys.name("g"), "--consumer=c1", "--purge",
                "--count=2", MODULE);
        try {
            assertEquals(0, result.exit(), result::toString);
            assertTrue(result.out().contains("by [InteropRecordingListener] listener."), result::toString);
            assertTrue(result.err().contains("Listener error. Failed processing message with ID " + failing + " on '"
                    + stream + "' stream by FailingListener. Error: failing on purpose"), result::toString);
            assertEquals(List.of(failing), entries(stream).stream().map(StreamEntry::id).toList(),
                    "the handled entry is purged, the failed one stays for a retry");
        } finally {
            var shared = redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE);
            shared.readAll().stream().filter(m -> m.contains(stream)).forEach(shared::remove);
        }
    }

    @Test
    void listenWithoutAGroupFromTheStart(TestKeys keys) {
        String stream = keys.stream("orders");
        TestListeners.EVENTS = Set.of(stream);
        cli.run("publish", stream, "--data", "{\"n\":1}");
        Cli.Result result = cli.run("listen", stream, "--last_id=0-0", "--count=1", MODULE);
        assertEquals(0, result.exit(), result::toString);
        assertEquals(1, TestListeners.SEEN.size());
    }

    @Test
    void listenCountHandlesAndAcknowledgesExactlyThatManyEntries(TestKeys keys) {
        String stream = keys.stream("orders");
        TestListeners.EVENTS = Set.of(stream);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(cli.run("publish", stream, "--data", "{\"n\":" + i + "}").out().trim());
        }
        String group = keys.name("g");
        Cli.Result result = cli.run("listen", stream, "--group=" + group, "--consumer=c1", "--count=1", MODULE);
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(ids.get(0)), TestListeners.SEEN.stream().map(m -> m.id()).toList(), result::toString);
        assertEquals(List.of("Processed message [" + ids.get(0) + "] on '" + stream
                + "' stream by [InteropRecordingListener] listener.", "Processed message [" + ids.get(0) + "] on '"
                + stream + "' stream by [FailingListener] listener."), result.outLines());
        assertGroup(stream, group, ids.get(0), 0);

        TestListeners.SEEN.clear();
        Cli.Result three = cli.run("listen", stream, "--group=" + group, "--consumer=c1", "--count=3", MODULE);
        assertEquals(0, three.exit(), three::toString);
        assertEquals(ids.subList(1, 4), TestListeners.SEEN.stream().map(m -> m.id()).toList(), three::toString);
        assertGroup(stream, group, ids.get(3), 0);
    }

    /** XINFO GROUPS: the group was delivered up to {@code lastDelivered} (the rest never), {@code pending} unacked. */
    private void assertGroup(String stream, String group, String lastDelivered, int pending) {
        var info = redisson.getStream(stream, StringCodec.INSTANCE).listGroups().stream()
                .filter(g -> g.getName().equals(group)).findFirst().orElseThrow();
        assertEquals(lastDelivered, EntryId.format(info.getLastDeliveredId()), "last delivered id of " + group);
        assertEquals(pending, info.getPending(), "pending entries of " + group);
    }

    @Test
    void listenPrintsALinePerDeadLetter(TestKeys keys) {
        String stream = keys.stream("orders");
        String deadStream = DeadLetterKeys.DEFAULT.of(stream);
        TestListeners.EVENTS = Set.of(stream);
        cli.run("publish", stream, "--data", "{\"n\":1}");
        Map<String, String> fields = new LinkedHashMap<>(entries(stream).get(0).fields());
        fields.put("data", "{not json");
        String malformed = EntryId.format(redisson.<String, String>getStream(stream, StringCodec.INSTANCE)
                .add(StreamAddArgs.entries(fields)));
        Cli.Result result = cli.run("listen", stream, "--group=" + keys.name("g"), "--consumer=c1", "--count=2",
                MODULE);
        assertEquals(0, result.exit(), result::toString);
        List<String> deadLines = result.err().lines().filter(l -> l.startsWith("Dead-lettered")).toList();
        assertEquals(1, deadLines.size(), result::toString);
        assertTrue(deadLines.get(0).startsWith("Dead-lettered message [" + malformed + "] on '" + stream
                + "' stream to '" + deadStream + "': "), result::toString);
        assertTrue(deadLines.get(0).contains("data"), () -> "the reason names the field: " + result);
        assertEquals(1, redisson.getStream(deadStream, StringCodec.INSTANCE).size());
    }

    @Test
    void listenRefusesEventsWithoutListeners(TestKeys keys) {
        TestListeners.EVENTS = Set.of(keys.stream("orders"));
        Cli.Result result = cli.run("listen", "nobody.listens", MODULE);
        assertEquals(1, result.exit(), result::toString);
        assertEquals("There are no local listeners associated with 'nobody.listens' event in configuration.\n",
                result.err());
    }

    // ---- archive, purge, archive:restore

    @Test
    void archiveAndRestoreThePhpEntry(TestKeys keys) {
        JsonNode archiveCase = Fixtures.load("cases/archive_restore.json");
        String stream = keys.stream("fixture.archived");
        xadd(stream, archiveCase.get("original").get("entries").get(0));
        String db = "--archive-jdbc-url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        Cli.Result archived = cli.run("archive", "--streams=" + stream, "--older_than=1 day", db);
        assertEquals(0, archived.exit(), archived::toString);
        assertEquals(List.of("Message [1795313279659-0] has been archived from the '" + stream + "' stream.",
                "Total of 1 message processed."), archived.outLines());
        assertEquals(List.of(), entries(stream));

        Cli.Result restored = cli.run("archive:restore", "--stream=" + stream, "--id=1795313279659-0", db);
        assertEquals(0, restored.exit(), restored::toString);
        List<StreamEntry> back = entries(stream);
        assertEquals(1, back.size());
        assertEquals("Successfully restored [" + stream + "][1795313279659-0] message. New ID: " + back.get(0).id()
                + "\n", restored.out());
        LinkedHashMap<String, String> php = Fixtures.fields(archiveCase.get("restored").get("entries").get(0));
        php.put("type", "notification");
        php.put("hash", Fixtures.fields(archiveCase.get("original").get("entries").get(0)).get("hash"));
        assertEquals(php, back.get(0).fields());

        Cli.Result none = cli.run("archive:restore", "--all", db);
        assertEquals("", none.out());
        Cli.Result missing = cli.run("archive:restore", "--stream=" + stream, "--id=1-0", db);
        assertEquals(1, missing.exit());
        assertEquals("The message could not be found in archive storage.\n", missing.err());
    }

    @Test
    void purgeDeletesOldEntries(TestKeys keys) {
        String stream = keys.stream("old");
        xadd(stream, Fixtures.load("cases/archive_restore.json").get("original").get("entries").get(0));
        cli.run("publish", stream, "--data", "{\"young\":true}");
        Cli.Result young = cli.run("purge", "--streams=" + stream, "--older_than=3 days");
        assertEquals("Total of 0 messages processed.\n", young.out());
        Cli.Result result = cli.run("purge", "--streams", stream, "--older_than", "1 day");
        assertEquals(List.of("Message [1795313279659-0] has been purged from the '" + stream + "' stream.",
                "Total of 1 message processed."), result.outLines());
        assertEquals(1, entries(stream).size());
    }

    // ---- status, dlq:*, tail (projection:rebuild: ProjectionRebuildTest)

    @Test
    void statusDlqListAndReplay(TestKeys keys, dev.streambus.localredis.LocalRedis redis) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        String id = cli.run("publish", stream, "--data", "{\"n\":1}").out().trim();
        new dev.streambus.redis.RedisStreams(redisson).ensureGroup(stream, group, "$");
        new RedisDeadLetters(new RedisStreams(redisson), RedisDeadLetters.DEFAULT_SUFFIX, LATER)
                .park(new DeadLetter(entries(stream).get(0), group, "c1", 5, "broken"));

        Cli.Result status = cli.run("status", stream);
        assertEquals(0, status.exit(), status::toString);
        assertEquals("| Stream" + " ".repeat(stream.length() - 6) + " | Length | Group" + " ".repeat(group.length() - 5)
                + " | Lag | Pending | Consumers | Idle | Dead letters |", status.outLines().get(1));
        String lag = redis.atLeast(7, 0) ? "0" : "?"; // Redis 6.2 does not report lag: shown as unknown
        assertEquals("| " + stream + " | 1      | " + group + " | " + lag + "   | 0       | 0         | -    | 1            |",
                status.outLines().get(3));

        Cli.Result list = cli.run("dlq:list", stream);
        assertEquals(0, list.exit(), list::toString);
        assertTrue(list.out().contains("| " + id + " | " + group + " | 5          | broken |"), list::toString);

        Cli.Result replay = cli.run("dlq:replay", stream, "--all");
        assertEquals(0, replay.exit(), replay::toString);
        assertTrue(replay.out().startsWith("Replayed dead letter "), replay::toString);
        assertEquals(2, entries(stream).size());
        assertEquals(id, entries(stream).get(1).fields().get("original_id"));
    }

    @Test
    void tailPrintsEntriesAndStops(TestKeys keys) {
        String stream = keys.stream("orders");
        String first = cli.run("publish", stream, "--data", "{\"n\":1}").out().trim();
        String second = cli.run("publish", stream, "--data", "[1,\"two\"]").out().trim();
        Cli.Result result = cli.run("tail", stream, "--from=0-0", "--count=2");
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(first + " " + stream + " {\"n\":1}", second + " " + stream + " [1,\"two\"]"),
                result.outLines());
    }

    // ---- errors

    @Test
    void badArgumentsGiveUsageAndExitCode2() {
        for (String[] args : List.of(new String[] {}, new String[] {"nope"}, new String[] {"archive",
                "--older_than=1 day"}, new String[] {"purge", "--streams=s", "--older_than=1 parsec"},
                new String[] {"publish", "e", "--data", "{bad"}, new String[] {"publish", "e", "--data", "42"},
                new String[] {"failed:retry"}, new String[] {"listen"}, new String[] {"listen", "e", "--reclaim=5"},
                new String[] {"archive:restore", "--id=1-0"}, new String[] {"tail", "s", "--from=x"})) {
            Cli.Result result = cli.run(args);
            assertEquals(2, result.exit(), () -> List.of(args) + ": " + result);
            assertTrue(result.err().contains("Usage:"), () -> List.of(args) + ": " + result);
            assertFalse(result.err().contains("\tat "), () -> List.of(args) + ": " + result);
        }
        Cli.Result noModule = cli.run("list");
        assertEquals(2, noModule.exit(), noModule::toString);
        assertTrue(noModule.err().startsWith("no listeners: name your Guice module"), noModule::toString);
        Cli.Result badModule = cli.run("list", "--module=no.such.Module");
        assertEquals("error: module class 'no.such.Module' not found on the class path (with java -jar, name its jar "
                + "or classes directory with --module-path)\n", badModule.err());
        Cli.Result noStorage = cli.run("archive", "--streams=s", "--older_than=1 day");
        assertEquals(2, noStorage.exit(), noStorage::toString);
    }

    @Test
    void unreachableRedisIsOneLineWithoutCredentials() {
        Cli.Result result = cli.run(RedisConnector.DEFAULT, "failed:list",
                "--redis-url=redis://admin:s3cret-pw@127.0.0.1:1");
        assertEquals(1, result.exit(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("error: "), result::toString);
        assertFalse(result.err().contains("s3cret-pw"), result::toString);
    }

    @Test
    void theRedisUrlComesFromTheOptionOrRedisUrl() {
        env.put("REDIS_URL", LocalRedis.resolve().url());
        Cli.Result fromEnv = cli.run(RedisConnector.DEFAULT, "projection:rebuild", "x",
                "--module=" + TestProjections.class.getName(), "--jdbc-url=jdbc:h2:mem:cli_url_test");
        assertEquals(2, fromEnv.exit(), fromEnv::toString);
        assertTrue(fromEnv.err().startsWith("error: unknown projection 'x'"), fromEnv::toString);
        Cli.Result status = cli.run(RedisConnector.DEFAULT, "status", "no.such.stream.for.cli.test");
        assertEquals(0, status.exit(), status::toString);
        assertTrue(status.out().contains("(none)"), status::toString);
    }
}
