package dev.streambus.publish;

import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Concurrent publishes are gathered into pipelined writes, against a private redis-server (its command statistics
 * show how events travelled; pausing it with SIGSTOP holds a write on the wire while others queue; killing it fails
 * what was queued).
 */
class CoalescingPublishTest {

    static final String TICKS = "streambus.test.coalesce.tick";
    static final String BROKEN = "streambus.test.coalesce.broken";

    @StreamerEvent(name = TICKS)
    record Tick(int thread, int seq) {
    }

    @StreamerEvent(name = BROKEN)
    record Broken(int thread, int seq) {
    }

    private RedisServerProcess server;
    private RedissonClient redisson;
    private ExecutorService threads;

    @BeforeEach
    void start() {
        server = RedisServerProcess.create().start();
        redisson = server.connection().toBuilder().responseTimeout(Duration.ofSeconds(10)).build().connect();
        threads = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        redisson.shutdown();
        server.close();
    }

    @Test
    void manyThreadsPublishingOneByOneAreStoredInEachThreadsOrderAndShareWrites() throws Exception {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        int perThread = 300;
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            results.add(threads.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    ids.add(publisher.publish(new Tick(thread, i)));
                }
                return ids;
            }));
        }
        List<List<String>> returned = new ArrayList<>();
        for (Future<List<String>> result : results) {
            returned.add(result.get(60, TimeUnit.SECONDS));
        }
        Map<String, String> stored = entries(TICKS);
        assertEquals(16 * perThread, stored.size());
        for (int t = 0; t < 16; t++) {
            List<String> ids = returned.get(t);
            for (int i = 0; i < perThread; i++) {
                assertEquals("{\"thread\":" + t + ",\"seq\":" + i + "}", stored.get(ids.get(i)),
                        "the returned id is the stored entry of that call");
                if (i > 0) {
                    assertTrue(dev.streambus.redis.EntryId.ORDER.compare(ids.get(i - 1), ids.get(i)) < 0,
                            "thread " + t + " in its own order");
                }
            }
        }
        assertTrue(calls("evalsha") + calls("eval") > 0,
                "some writes carried several events (one script call per run): " + commandStats());
    }

    @Test
    void eventsQueuedWhileAWriteIsOnTheWireGoOutTogetherInOrder() throws Exception {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        publisher.publishAll(List.of(new Tick(-1, 0), new Tick(-1, 1)));     // the run script is loaded
        server.command("CONFIG", "RESETSTAT");

        server.pause();
        CompletableFuture<String> onTheWire = publisher.publishAsync(new Tick(-1, 2));
        List<List<CompletableFuture<String>>> queued = queueFromThreads(publisher, 8, 50, Tick::new);
        server.resume();

        String first = onTheWire.get(30, TimeUnit.SECONDS);
        CompletableFuture.allOf(queued.stream().flatMap(List::stream).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        Map<String, String> stored = entries(TICKS);
        assertEquals(3 + 8 * 50, stored.size());
        String previous = null;
        for (int t = 0; t < queued.size(); t++) {
            previous = first;
            for (int i = 0; i < 50; i++) {
                String id = queued.get(t).get(i).get(30, TimeUnit.SECONDS);
                assertEquals("{\"thread\":" + t + ",\"seq\":" + i + "}", stored.get(id));
                assertTrue(dev.streambus.redis.EntryId.ORDER.compare(previous, id) < 0, "in the thread's order");
                previous = id;
            }
        }
        assertEquals(1, calls("xadd") - 400, "the lone event went as one XADD: " + commandStats());
        assertEquals(1, calls("evalsha"), "the 400 queued events went as ONE script call: " + commandStats());
    }

    @Test
    void aFailureReachesExactlyTheCallersWhoseEventsItHit() throws Exception {
        server.command("SET", BROKEN, "not a stream");
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());

        server.pause();
        CompletableFuture<String> onTheWire = publisher.publishAsync(new Tick(-1, 0));
        List<List<CompletableFuture<String>>> good = queueFromThreads(publisher, 4, 30, Tick::new);
        List<List<CompletableFuture<String>>> bad = queueFromThreads(publisher, 4, 30, Broken::new);
        server.resume();

        onTheWire.get(30, TimeUnit.SECONDS);
        for (List<CompletableFuture<String>> thread : good) {
            for (CompletableFuture<String> id : thread) {
                assertTrue(id.get(30, TimeUnit.SECONDS).matches("\\d+-\\d+"));
            }
        }
        for (List<CompletableFuture<String>> thread : bad) {
            for (CompletableFuture<String> id : thread) {
                PublishException e = publishFailure(id);
                assertEquals(PublishOutcome.NOT_STORED, e.outcome(), e.getMessage());
                assertTrue(e.getMessage().contains("'" + BROKEN + "'") && e.getMessage().contains("WRONGTYPE"),
                        e.getMessage());
            }
        }
        assertEquals(1 + 4 * 30, entries(TICKS).size());
    }

    @Test
    void whileRedisIsFrozenAtMostMaxPendingEventsAreHeldAndCallersGetBackPressure() throws Exception {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().maxPending(20)
                .queueTimeout(Duration.ofMillis(300)).build());
        publisher.publish(new Tick(-1, 0));

        server.pause();
        List<CompletableFuture<String>> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(publisher.publishAsync(new Tick(0, i)));
        }
        long start = System.nanoTime();
        PublishException refused = publishFailure(publisher.publishAsync(new Tick(1, 0)));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        PublishException refusedSync = assertThrows(PublishException.class, () -> publisher.publish(new Tick(1, 1)));
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone), "the 20 wait for Redis");
        server.resume();

        for (PublishException e : List.of(refused, refusedSync)) {
            assertEquals(PublishOutcome.NOT_STORED, e.outcome(), e.getMessage());
            assertTrue(e.getMessage().contains("maxPending 20") && e.getMessage().contains("'" + TICKS + "'"),
                    e.getMessage());
        }
        assertTrue(waitedMillis >= 250, "waited for room (queueTimeout 300 ms) before failing: " + waitedMillis);
        for (CompletableFuture<String> id : held) {
            id.get(30, TimeUnit.SECONDS);
        }
        assertEquals(21, entries(TICKS).size(), "the held events stored, the refused ones not");
        assertEquals(20, publisher.publishAll(eventsOf(20)).size(), "room for 20 again");
    }

    @Test
    void aKilledServerFailsEveryQueuedCallerAndThePublisherRecoversWithItsRoom() throws Exception {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().maxPending(101)
                .queueTimeout(Duration.ZERO).build());
        publisher.publish(new Tick(-1, 0));

        server.pause();
        CompletableFuture<String> onTheWire = publisher.publishAsync(new Tick(-1, 1));
        List<List<CompletableFuture<String>>> queued = queueFromThreads(publisher, 4, 25, Tick::new);
        server.kill();

        PublishException sent = publishFailure(onTheWire);
        assertEquals(PublishOutcome.UNKNOWN, sent.outcome(), "sent, no reply: " + sent.getMessage());
        for (List<CompletableFuture<String>> thread : queued) {
            for (CompletableFuture<String> id : thread) {
                publishFailure(id);                     // every caller hears of it, none hangs
            }
        }

        server.restart();
        List<String> ids = awaitRecovered(() -> publisher.publishAll(eventsOf(101)));
        assertEquals(101, ids.size(), "all 101 places of maxPending are free again");
        assertEquals(101, entries(TICKS).size());
    }

    @Test
    void anIdlePublisherWithALingerWritesWhatArrivesMeanwhileInOneWrite() throws Exception {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder()
                .linger(Duration.ofMillis(300)).build());
        publisher.publishAll(List.of(new Tick(-1, 0), new Tick(-1, 1)));     // the run script is loaded
        server.command("CONFIG", "RESETSTAT");

        List<CompletableFuture<String>> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publisher.publishAsync(new Tick(0, i)));
        }
        for (CompletableFuture<String> id : ids) {
            id.get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, calls("evalsha"), "the five went as one script call after the linger: " + commandStats());
        assertEquals(5, calls("xadd"), commandStats());
        assertEquals(7, entries(TICKS).size());

        ThreadMXBean jvm = ManagementFactory.getThreadMXBean();
        long startedBefore = jvm.getTotalStartedThreadCount();
        for (int i = 0; i < 10; i++) {
            publisher.publish(new Tick(1, i));    // each alone, after its linger
        }
        long started = jvm.getTotalStartedThreadCount() - startedBefore;
        assertTrue(started < 5, "10 lingered writes started " + started + " threads (one per write on 1-2 CPUs "
                + "before they ran on the delay thread itself)");
    }

    @Test
    void queueSettingsHaveValidatedDefaults() {
        PublisherConfig defaults = PublisherConfig.defaults();
        assertEquals(PublisherConfig.DEFAULT_MAX_PENDING, defaults.maxPending());
        assertEquals(Duration.ZERO, defaults.linger());
        assertEquals(Duration.ofSeconds(2), defaults.queueTimeout());
        assertThrows(IllegalArgumentException.class, () -> PublisherConfig.builder().maxPending(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> PublisherConfig.builder().linger(Duration.ofMillis(1_001)).build());
        assertThrows(IllegalArgumentException.class,
                () -> PublisherConfig.builder().linger(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class,
                () -> PublisherConfig.builder().queueTimeout(Duration.ofMillis(-1)).build());
    }

    private interface EventFactory {
        Object make(int thread, int seq);
    }

    /** Each of {@code threadCount} threads queues {@code perThread} events with publishAsync; returns once queued. */
    private List<List<CompletableFuture<String>>> queueFromThreads(RedisPublisher publisher, int threadCount,
                                                                   int perThread, EventFactory events)
            throws Exception {
        List<Future<List<CompletableFuture<String>>>> submitted = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            submitted.add(threads.submit(() -> {
                List<CompletableFuture<String>> ids = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    ids.add(publisher.publishAsync(events.make(thread, i)));
                }
                return ids;
            }));
        }
        List<List<CompletableFuture<String>>> out = new ArrayList<>();
        for (Future<List<CompletableFuture<String>>> f : submitted) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static List<Tick> eventsOf(int n) {
        List<Tick> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Tick(99, i));
        }
        return out;
    }

    private static <T> T awaitRecovered(java.util.function.Supplier<T> action) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return action.get();
            } catch (PublishException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static PublishException publishFailure(CompletableFuture<String> id) {
        try {
            id.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return assertInstanceOf(PublishException.class, e.getCause());
        } catch (Exception e) {
            fail("no failure within 30 s: " + e);
        }
        return fail("published, expected a failure");
    }

    /** id -> data of every entry of the stream. */
    private Map<String, String> entries(String stream) {
        Map<String, String> out = new HashMap<>();
        for (Object entry : (List<?>) server.command("XRANGE", stream, "-", "+")) {
            List<?> e = (List<?>) entry;
            List<?> fields = (List<?>) e.get(1);
            for (int i = 0; i < fields.size(); i += 2) {
                if ("data".equals(fields.get(i))) {
                    out.put((String) e.get(0), (String) fields.get(i + 1));
                }
            }
        }
        return out;
    }

    private String commandStats() {
        return server.command("INFO", "commandstats").toString();
    }

    private long calls(String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
