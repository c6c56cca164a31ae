package dev.streambus.projection;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import dev.streambus.projection.source.LiveSource;
import dev.streambus.redis.HashSlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Projections on a real 3-master Redis Cluster, over plain (untagged) stream names in three hash slots: a rebuild, and
 * the live loop (half the events published after the start, so they arrive through the live group, read one
 * XREADGROUP per slot) give exactly the standalone result, every event applied once and acknowledged.
 */
@RedisTest
class ClusterProjectionTest {

    private static final int EVENTS = 300;
    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";
    private static final Pattern CROSSSLOT = Pattern.compile("errorstat_CROSSSLOT:count=(\\d+)");

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();

    private final RedissonClient standalone;

    ClusterProjectionTest(RedissonClient standalone) {
        this.standalone = standalone;
    }

    @Test
    void aRebuildAndLiveOverThreeSlotsEqualTheStandaloneResult(TestKeys keys) {
        Orders.Streams local = Orders.streams(keys);
        List<List<Object>> expected = rebuilt(standalone, local, keys.name("orders"));

        Orders.Streams plain = new Orders.Streams("order-placed", "order-paid", "order-shipped");
        assertEquals(3, slots(plain));
        assertEquals(expected, rebuilt(CLUSTER.client(), plain, "orders-plain"), "rebuild over three slots");

        Orders.Streams live = new Orders.Streams("live-order-placed", "live-order-paid", "live-order-shipped");
        assertEquals(3, slots(live));
        Orders.Publisher publisher = new Orders.Publisher(CLUSTER.client(), live, null, false);
        publisher.publishRange(0, EVENTS / 2);
        Projection projection = Orders.projection("orders-live", live).build();
        long crossSlotBefore = crossSlotErrors();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(projection, CLUSTER.client(), db.dataSource(),
                     Configs.fast().build())) {
            runner.start();
            publisher.publishRange(EVENTS / 2, EVENTS); // read by the live group, not the catch-up
            Await.until(Duration.ofSeconds(60), () -> db.count(LOG_COUNT) == EVENTS,
                    () -> db.count(LOG_COUNT) + " of " + EVENTS + " applied live; " + runner.state());
            Await.until(Duration.ofSeconds(30), () -> pending(live, LiveSource.groupName("orders-live")) == 0,
                    () -> pending(live, LiveSource.groupName("orders-live")) + " entries left unacknowledged");
            runner.stop();
            // one XREADGROUP of all three would fail CROSSSLOT and fall back to slow per-stream reads
            assertEquals(crossSlotBefore, crossSlotErrors(), "CROSSSLOT errors during the live run");
            assertEquals(EVENTS, db.count(LOG_COUNT), "every event applied once");
            assertEquals(expected, db.rows(Orders.SUMMARY), "live over three slots");
            runner.rebuildAll();
            assertEquals(expected, db.rows(Orders.SUMMARY), "rebuild after live");
        }
    }

    /** How many hash slots the streams are in, as the server computes them and as {@link HashSlot} does. */
    private static long slots(Orders.Streams streams) {
        for (String s : streams.all()) {
            assertEquals(CLUSTER.client().getKeys().getSlot(s), HashSlot.of(s), s);   // CLUSTER KEYSLOT
        }
        return streams.all().stream().map(HashSlot::of).distinct().count();
    }

    /** CROSSSLOT errors the cluster's nodes have returned so far ({@code INFO errorstats}). */
    private static long crossSlotErrors() {
        long sum = 0;
        for (RedisServerProcess node : CLUSTER.cluster().nodes()) {
            Matcher m = CROSSSLOT.matcher(String.valueOf(node.command("INFO", "errorstats")));
            sum += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return sum;
    }

    /** Entries pending in the group over the streams; {@code Long.MAX_VALUE} while a stream has no such group yet. */
    private static long pending(Orders.Streams streams, String group) {
        long sum = 0;
        for (String s : streams.all()) {
            try {
                sum += CLUSTER.client().<String, String>getStream(s, StringCodec.INSTANCE).getPendingInfo(group)
                        .getTotal();
            } catch (org.redisson.client.RedisException e) {
                if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    return Long.MAX_VALUE; // the catch-up may apply everything before the live group is created
                }
                throw e;
            }
        }
        return sum;
    }

    private static List<List<Object>> rebuilt(RedissonClient redisson, Orders.Streams streams, String name) {
        new Orders.Publisher(redisson, streams, null, false).publishRange(0, EVENTS);
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
             ProjectionRunner runner = ProjectionRunner.create(Orders.projection(name, streams).build(), redisson,
                     db.dataSource(), Configs.fast().build())) {
            runner.rebuildAll();
            assertEquals(EVENTS, db.count(LOG_COUNT));
            return db.rows(Orders.SUMMARY);
        }
    }
}
