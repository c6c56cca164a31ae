package dev.streambus.projection;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisErrors;
import dev.streambus.localredis.Await;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@RedisTest
class RedeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int EVENTS = 300;
    private static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";

    private final RedissonClient redisson;

    RedeliveryTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void entriesDeliveredAgainByResetGroupReclaimAndRestartChangeNothing(TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        publisher.publishRange(0, EVENTS);
        Projection projection = Orders.projection(keys.name("orders"), streams).build();
        RunnerConfig config = Configs.fast().reclaimIdle(Duration.ofMillis(100))
                .reclaimInterval(Duration.ofMillis(100)).build();
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2)) {
            List<List<Object>> built;
            try (ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(), config)) {
                runner.start();
                Await.until(WAIT, () -> db.count(LOG_COUNT) == EVENTS, () -> db.count(LOG_COUNT) + " applied");
                Await.until(WAIT, () -> pendingOf(streams, runner.group()) == 0, () -> "all acknowledged");
                built = db.rows(Orders.SUMMARY);

                // 1. the group forgets its position: every entry is delivered again as new
                for (String s : streams.all()) {
                    stream(s).updateGroupMessageId(runner.group(), StreamMessageId.ALL);
                }
                Await.until(WAIT, () -> caughtUp(streams, runner.group()), () -> "redelivered and acknowledged");
                assertEquals(built, db.rows(Orders.SUMMARY));
                assertEquals(EVENTS, db.count(LOG_COUNT));

                // 2. another consumer takes everything and dies; the runner reclaims the idle entries
                runner.stop(); // first: a live runner could re-read a stream between the reset and the ghost's read
                for (String s : streams.all()) {
                    stream(s).updateGroupMessageId(runner.group(), StreamMessageId.ALL);
                }
                for (String s : streams.all()) {
                    stream(s).readGroup(runner.group(), "ghost", StreamReadGroupArgs.neverDelivered().count(10_000));
                }
                assertEquals(EVENTS, pendingOf(streams, runner.group()));
                runner.start();
                Await.until(WAIT, () -> pendingOf(streams, runner.group()) == 0, () -> "reclaimed");
                assertEquals(built, db.rows(Orders.SUMMARY));
                assertEquals(EVENTS, db.count(LOG_COUNT));
            }

            // 3. restart: a new runner on the same database, catch-up and live, applies nothing again
            try (ProjectionRunner again = ProjectionRunner.create(projection, redisson, db.dataSource(), config)) {
                again.catchUp();
                for (String s : streams.all()) {
                    stream(s).updateGroupMessageId(again.group(), StreamMessageId.ALL);
                }
                again.start();
                Await.until(WAIT, () -> caughtUp(streams, again.group()), () -> "redelivered after restart");
                again.stop();
                assertEquals(built, db.rows(Orders.SUMMARY));
                assertEquals(EVENTS, db.count(LOG_COUNT));

                // 4. an entry above the checkpoint whose guard row exists is passed over, and the checkpoint moves
                String id = publisher.publish(Orders.event(EVENTS));
                db.execute("INSERT INTO " + again.servingBuild().schema() + ".streambus_guard VALUES ('"
                        + projection.name() + "', '" + streams.placed()
                        + "', " + EntryId.of(id).ms() + ", " + EntryId.of(id).seq() + ")");
                again.catchUp();
                assertEquals(EVENTS, db.count(LOG_COUNT));
                assertEquals(EntryId.of(id), again.checkpoints().get(streams.placed()));
                publisher.publish(Orders.event(EVENTS + 3));
                again.catchUp();
                assertEquals(EVENTS + 1, db.count(LOG_COUNT), "the next entry is applied");
            }
        }
    }

    private RStream<String, String> stream(String s) {
        return redisson.getStream(s, StringCodec.INSTANCE);
    }

    /** Pending entries of the group over all streams; -1 while the group does not exist yet. */
    private long pendingOf(Orders.Streams streams, String group) {
        try {
            return streams.all().stream().mapToLong(s -> stream(s).getPendingInfo(group).getTotal()).sum();
        } catch (RuntimeException e) {
            if (RedisErrors.isNoGroup(e)) {
                return -1;
            }
            throw e;
        }
    }

    private boolean caughtUp(Orders.Streams streams, String group) {
        return pendingOf(streams, group) == 0 && streams.all().stream().allMatch(s ->
                stream(s).listGroups().stream().filter(g -> g.getName().equals(group))
                        .allMatch(g -> g.getLastDeliveredId().equals(stream(s).getInfo().getLastGeneratedId())));
    }
}
