package dev.streambus.projection;

import dev.streambus.redis.EntryId;

import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@RedisTest
class BatchedWritesTest {

    private final RedissonClient redisson;

    BatchedWritesTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void batchedInsertsCommitWithTheirBatchAndAreDroppedWithARolledBackOne(TestDatabase.Kind kind, TestKeys keys) {
        Orders.Streams streams = Orders.streams(keys);
        Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(publisher.publish(new Orders.Placed("o-" + i, "c", 1)));
        }
        String poison = publisher.publish(new Orders.Placed("o-poison", "poison", 1));
        Projection projection = Projection.named(keys.name("batched")).migrations(Orders.MIGRATIONS)
                .on(streams.placed(), Orders.Placed.class, (e, m, c) -> {
                    if (e.customer().equals("poison")) {
                        throw new IllegalStateException("poison");
                    }
                    BatchedWrites.add(c, "INSERT INTO order_event_log (stream, entry_id, order_id) VALUES (?, ?, ?)",
                            m.stream(), m.id(), e.orderId());
                })
                .build();
        try (TestDatabase db = TestDatabase.create(kind);
             ProjectionRunner runner = ProjectionRunner.create(projection, redisson, db.dataSource(),
                     Configs.fast().batchSize(100).commitInterval(java.time.Duration.ZERO).build())) {
            ProjectionException e = assertThrows(ProjectionException.class, runner::catchUp);
            assertEquals(poison, e.entryId());
            assertEquals(200, db.count(Orders.LOG_COUNT), "two batches of 100 flushed and committed; the third,"
                    + " holding the poison, rolled back with its 50 pending inserts");
            assertEquals(200, db.count(Orders.DISTINCT_LOG));
            assertEquals(EntryId.of(ids.get(199)),
                    runner.checkpoints().get(streams.placed()));
        }
    }
}
