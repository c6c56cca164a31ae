package dev.streambus.publish;

import dev.streambus.event.Replayable;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a failed publish says about the entry, against a private redis-server that is stopped or frozen (SIGSTOP).
 * The client keeps Redisson's default-like 3 retries, so the tests also show the publisher never resends.
 */
class PublishOutcomeTest {

    static final String PLACED = "streambus.test.outcome.order-placed";
    static final String RENAMED = "streambus.test.outcome.user-renamed";
    static final String WARM_UP = "streambus.test.outcome.warm-up";

    @StreamerEvent(name = PLACED)
    record OrderPlaced(String orderId, long amountCents) {
    }

    @StreamerEvent(name = RENAMED)
    record UserRenamed(String userId, String name) implements Replayable {
        @Override
        public String identifier() {
            return userId;
        }
    }

    @StreamerEvent(name = WARM_UP)
    record WarmUp(int n) {
    }

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private RedisServerProcess server;
    private RedissonClient redisson;
    private RedisPublisher publisher;

    @BeforeEach
    void startServer() {
        server = RedisServerProcess.create().start();
        redisson = server.connection().toBuilder()
                .responseTimeout(Duration.ofSeconds(1))
                .retryAttempts(3)
                .retryDelay(Duration.ofMillis(100))
                .build().connect();
        publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("shop").clock(FIXED).build());
    }

    @AfterEach
    void stopServer() {
        redisson.shutdown();
        server.close();
    }

    @Test
    void aStoppedServerMeansNotStored() {
        publisher.publish(new OrderPlaced("o-0", 1));
        server.stop();

        assertNotStored(assertThrows(PublishException.class, () -> publisher.publish(new OrderPlaced("o-1", 1))));
        assertNotStored(assertThrows(PublishException.class,
                () -> publisher.publish(new OrderPlaced("o-1", 1), "k-1")));
        CompletionException async = assertThrows(CompletionException.class,
                () -> publisher.publishAsync(new UserRenamed("u-1", "Ann")).join());
        assertNotStored(assertInstanceOf(PublishException.class, async.getCause()));
        assertNotStored(assertThrows(PublishException.class,
                () -> publisher.publishAll(List.of(new OrderPlaced("o-2", 2), new OrderPlaced("o-3", 3)))));
    }

    @Test
    void aFrozenServerMeansUnknownAndTheEntryIsStoredWhenItResumes() {
        server.pause();
        PublishException e = assertThrows(PublishException.class, () -> publisher.publish(new OrderPlaced("o-1", 1)));
        assertEquals(PublishOutcome.UNKNOWN, e.outcome(), e.getMessage());
        assertTrue(e.getMessage().contains("idempotency key"), "says what to do: " + e.getMessage());
        server.resume();

        Await.until(Duration.ofSeconds(10), () -> length(PLACED) == 1, () -> "XLEN " + length(PLACED));
        assertEquals(1, length(PLACED), "it was stored after all: the outcome was rightly unknown, and sent once");
    }

    /**
     * A script goes as EVALSHA straight on a connection; a server that lost its scripts (restarted, SCRIPT FLUSH)
     * answers NOSCRIPT, which means not run, and the publisher then sends it through Redisson, which loads it.
     */
    @Test
    void aScriptTheServerForgotIsLoadedAgainAndRunOnce() {
        publisher.publish(new UserRenamed("u-0", "first"));
        assertEquals("OK", String.valueOf(server.command("SCRIPT", "FLUSH")));

        publisher.publish(new UserRenamed("u-1", "after the flush"));
        publisher.publish(new UserRenamed("u-2", "loaded again"));

        assertEquals(3, length(RENAMED), "each stored once");
        String errors = String.valueOf(server.command("INFO", "errorstats"));
        assertTrue(errors.contains("errorstat_NOSCRIPT:count="), "a NOSCRIPT was answered and recovered: " + errors);
    }

    @Test
    void aScriptPublishDuringAFreezeIsSentOnceNotResentByRedisson() {
        publisher.publish(new UserRenamed("u-0", "cache the script"));
        server.pause();
        PublishException e = assertThrows(PublishException.class,
                () -> publisher.publish(new UserRenamed("u-1", "Ann")));
        assertEquals(PublishOutcome.UNKNOWN, e.outcome(), e.getMessage());
        server.resume();

        Await.until(Duration.ofSeconds(10), () -> length(RENAMED) >= 2, () -> "XLEN " + length(RENAMED));
        assertEquals(2L, server.command("XLEN", RENAMED), "one entry per publish call, no resends");
        assertEquals(1L, server.command("LLEN", RENAMED + "-u-1"), "one history snapshot");
    }

    /** Issue 10, item 2: pause Redis mid-publish, retry with the key until it succeeds, exactly one entry. */
    @Test
    void retryingWithTheSameKeyAfterAFreezeStoresExactlyOneEntry() {
        publisher.publish(new WarmUp(0), "warm-up");              // the script is cached, as in a running service
        OrderPlaced event = new OrderPlaced("o-1", 4999);

        server.pause();
        PublishException unknown = assertThrows(PublishException.class, () -> publisher.publish(event, "o-1"));
        assertEquals(PublishOutcome.UNKNOWN, unknown.outcome(), unknown.getMessage());
        server.resume();

        String id = null;
        List<PublishException> failures = new ArrayList<>();
        for (int attempt = 0; id == null && attempt < 20; attempt++) {
            try {
                id = publisher.publish(event, "o-1");
            } catch (PublishException e) {
                failures.add(e);
            }
        }
        if (id == null) {
            fail("the retries never succeeded: " + failures);
        }
        List<String> ids = entryIds();
        assertEquals(List.of(id), ids, "exactly one entry, and the retry returned its id");

        String unkeyed = publisher.publish(event);
        assertEquals(server.command("XRANGE", PLACED, unkeyed, unkeyed).toString().replace(unkeyed, "<id>"),
                server.command("XRANGE", PLACED, id, id).toString().replace(id, "<id>"),
                "byte-identical to an unkeyed publish of the same event (the key is not a field)");
    }

    private static void assertNotStored(PublishException e) {
        assertEquals(PublishOutcome.NOT_STORED, e.outcome(), e.getMessage());
        assertTrue(e.isOutcomeKnown());
        assertTrue(e.getMessage().contains("safe to retry"), e.getMessage());
    }

    private long length(String stream) {
        return (Long) server.command("XLEN", stream);
    }

    private List<String> entryIds() {
        List<String> ids = new ArrayList<>();
        for (Object entry : (List<?>) server.command("XRANGE", PLACED, "-", "+")) {
            ids.add((String) ((List<?>) entry).get(0));
        }
        return ids;
    }
}
