package dev.streambus.permission;

import dev.streambus.deadletter.DeadLetterKeys;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.event.Replayable;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.AclUsers;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.ops.BusInspector;
import dev.streambus.publish.PublishException;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.redis.connect.RedisOperationException;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACL users against a private redis-server: a user with exactly the README's minimal line for publishing or consuming
 * does the job; a user missing a category gets one clear error at start, naming user, command and the ACL line, and
 * what users see of Redis errors is one clean line (no Lua source, no Redisson channel dump).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPermissionsTest {

    /** README, "Redis permissions": publish only. */
    static final String PUBLISH = "on >pw ~acl.* +ping +xadd +evalsha +script|load +lpush +type";
    /** README, "Redis permissions": consume in a group (on Redis 6.2 without +evalsha_ro, unknown there). */
    static final String CONSUME = "on >pw ~acl.* ~{acl.*}:dead ~failed_stream +ping +xgroup|create +xreadgroup +xack +xpending "
            + "+xclaim +xautoclaim +xinfo +xgroup|delconsumer +xadd +evalsha +evalsha_ro +script|load +sscan +srem "
            + "+sadd";
    /** What the issue tried: streams yes, scripts no. */
    static final String STREAMS_ONLY = "on >pw ~* +ping +@stream";

    static final String PLACED = "acl.order.placed";
    static final String RENAMED = "acl.user.renamed";

    @StreamerEvent(name = PLACED)
    record OrderPlaced(String orderId, int n) {
    }

    @StreamerEvent(name = RENAMED)
    record UserRenamed(String userId, String name) implements Replayable {
        @Override
        public String identifier() {
            return userId;
        }
    }

    AclUsers acl;
    RedisServerProcess server;
    private RedissonClient admin;

    /** The server under test: {@code redis-server} on PATH (7.x here); {@link RedisPermissions62Test} uses the embedded 6.2. */
    RedisServerProcess newServer() {
        return RedisServerProcess.create();
    }

    @BeforeAll
    void startServer() {
        acl = AclUsers.start(newServer());
        server = acl.server();
        admin = acl.admin();
    }

    @AfterAll
    void stopServer() {
        acl.close();
    }

    @AfterEach
    void disconnect() {
        acl.disconnectUsers();
        server.command("FLUSHALL"); // this test's own server
    }

    private RedissonClient as(String user, String rules) {
        return acl.as(user, rules);
    }

    @Test
    void aPublishOnlyUserWithTheMinimalLinePublishesAllKinds() {
        RedisPublisher publisher = new RedisPublisher(as("publisher", PUBLISH), PublisherConfig.defaults());
        publisher.publish(new OrderPlaced("o-1", 1));
        publisher.publishAll(IntStream.range(0, 20).mapToObj(i -> new OrderPlaced("o-" + i, i)).toList());
        publisher.publish(new UserRenamed("u-1", "Ada"));
        assertEquals(21, admin.getStream(PLACED).size());
        assertEquals(1, admin.getList(RENAMED + "-u-1").size());
    }

    @Test
    void aPublisherWithoutScriptingFailsAtStartNamingUserCommandAndTheAclLine() {
        RedissonClient client = as("streams-only", STREAMS_ONLY);
        MissingPermissionsException e = assertThrows(MissingPermissionsException.class,
                () -> new RedisPublisher(client, PublisherConfig.defaults()));
        assertEquals("streams-only", e.user());
        assertTrue(e.getMessage().startsWith("publisher cannot run as Redis user 'streams-only': missing "
                + "evalsha (@scripting), script|load (@scripting), type (@keyspace). Grant at least: ACL SETUSER "
                + "streams-only on >*** ~<event streams> ~<history lists, if any> +ping +xadd +evalsha +script|load "
                + "+lpush +type"), e.getMessage());
        assertClean(e.getMessage());
    }

    @Test
    void withTheCheckOffPublishAllAndStatusSayWhatIsMissingInOneCleanLine() {
        RedissonClient client = as("streams-only", STREAMS_ONLY);
        RedisPublisher publisher = new RedisPublisher(client, PublisherConfig.builder().checkPermissions(false).build());
        assertTrue(publisher.publish(new OrderPlaced("o-1", 1)).contains("-"), "XADD is allowed");

        PublishException publish = assertThrows(PublishException.class, () -> publisher.publishAll(
                List.of(new OrderPlaced("o-2", 2), new OrderPlaced("o-3", 3))));
        assertTrue(publish.getMessage().matches("publishing events 0\\.\\.1 of the list to stream '" + PLACED
                + "' failed: NOPERM this user has no permissions to run the '(evalsha|script\\|load|script)' command"
                + "( or its subcommand)? \\[not stored: safe to retry]"),
                publish.getMessage());
        assertClean(publish.getMessage());

        RedisOperationException status = assertThrows(RedisOperationException.class,
                () -> new BusInspector(client).status(PLACED));
        assertTrue(status.getMessage().startsWith("reading the status of stream '" + PLACED + "' failed: NOPERM "),
                status.getMessage());
        assertTrue(status.getMessage().matches(".* to run the '(evalsha_ro|evalsha|script\\|load|script)' command.*"),
                status.getMessage());
        assertClean(status.getMessage());
    }

    @Test
    void aConsumerWithTheMinimalLineHandlesEntriesFailuresRetriesAndDeadLetters() {
        RedissonClient client = as("consumer", CONSUME);
        List<String> ids = new Streams(admin).publishMany(PLACED, 50);
        new Streams(admin).xadd(PLACED, "name", PLACED); // malformed: no data -> dead letter
        AtomicBoolean failedOnce = new AtomicBoolean();
        Recorder recorder = new Recorder("rec", PLACED) {
            @Override
            protected void beforeRecording(dev.streambus.compat.message.ReceivedMessage message) {
                if (message.id().equals(ids.get(7)) && failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("first delivery fails");
                }
            }
        };
        List<?> problems;
        EventConsumer consumer = EventConsumer.builder(client).listener(recorder)
                .config(ConsumerConfig.builder().group("g").reclaimIdle(Duration.ofMillis(200))
                        .reclaimInterval(Duration.ofMillis(100)).build()).build();
        consumer.start();
        try {
            Await.until(Duration.ofSeconds(20), () -> recorder.distinct() == 50
                    && admin.getStream(DeadLetterKeys.DEFAULT.of(PLACED)).size() == 1, () -> recorder.distinct() + " of 50 handled, " + consumer.stats());
            problems = consumer.state().problems();
        } finally {
            consumer.close();
        }
        assertTrue(failedOnce.get());
        assertEquals(1, admin.getSet("failed_stream").size(), "the failure was recorded");
        assertEquals(List.of(), problems, "every step (reclaim, dead-consumer reaper) ran with the minimal line");
    }

    @Test
    void aConsumerWithoutScriptingFailsAtStartInsteadOfHandlingNothingForever() {
        RedissonClient client = as("streams-only", STREAMS_ONLY.replace("~*", "~acl.* ~{acl.*}:dead"));
        EventConsumer consumer = EventConsumer.builder(client).listener(new Recorder("rec", PLACED))
                .config(ConsumerConfig.builder().group("g").consumer("c1").build()).build();
        MissingPermissionsException e = assertThrows(MissingPermissionsException.class, consumer::start);
        consumer.close();
        assertTrue(e.getMessage().startsWith("consumer 'c1' (group 'g') cannot run as Redis user 'streams-only': "
                + "missing evalsha (@scripting) on '" + PLACED + "', "), e.getMessage());
        assertTrue(e.getMessage().contains("script|load (@scripting), evalsha (@scripting) on 'failed_stream', "
                + "sscan (@set) on 'failed_stream'. "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Grant at least: ACL SETUSER streams-only on >*** ~" + PLACED + " ~{"
                + PLACED + "}:dead ~failed_stream +ping +xgroup|create +xreadgroup +xack +xpending +xclaim "
                + "+xautoclaim +xinfo +xgroup|delconsumer +evalsha"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(to skip this check: ConsumerConfig.Builder.checkPermissions(false))"),
                e.getMessage());
        assertFalse(admin.getKeys().countExists(PLACED) > 0, "nothing was created before the check");
    }

    /** No Lua source, Redisson channel dump, command arguments or multi-line text. */
    static void assertClean(String message) {
        for (String leak : List.of("local ", "redis.call", "channel", "[id: 0x", "params:", "command: (", "\n",
                "CommandData", "cached script")) {
            assertFalse(message.contains(leak), "'" + leak + "' in: " + message);
        }
    }
}
