package dev.streambus.projection;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.testing.Configs;
import dev.streambus.projection.testing.Orders;
import dev.streambus.projection.testing.TestDatabase;
import dev.streambus.redis.EntryId;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A projection started while a service publishes "placed", "paid" and "shipped" events of the same orders (the
 * demo's first minute): its catch-up and its live group together apply every order's events in the order they were
 * stored, so no "shipped" lands before its "placed". The read model here depends on that order: "placed" creates
 * the row, "paid" and "shipped" update it (an update of a missing row changes nothing, and would be lost). Each
 * round starts a new runner on new streams at the moment the publishing starts, so the catch-up's reads of the
 * three streams interleave with the writes.
 */
@RedisTest
class StartWhilePublishingTest {

    private static final int ROUNDS = 15;
    private static final int ORDERS = 10;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SHIPPED = "SELECT COUNT(*) FROM order_summary WHERE shipped AND paid_cents > 0";

    private final RedissonClient redisson;

    StartWhilePublishingTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void everyOrdersEventsApplyInTheOrderTheyWereStoredWhateverTheStartMeets(TestKeys keys) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Orders.Streams streams = Orders.streams(keys);
            Orders.Publisher publisher = new Orders.Publisher(redisson, streams, null, false);
            try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
                 ProjectionRunner runner = ProjectionRunner.create(orderDependent(keys.name("state"), streams),
                         redisson, db.dataSource(), Configs.fast().build())) {
                List<CompletableFuture<String>> sent = new ArrayList<>();
                runner.start();
                for (int i = 0; i < ORDERS; i++) {
                    sent.add(publisher.publishAsync(new Orders.Placed("o-" + i, "c", 100)));
                }
                for (int i = 0; i < ORDERS; i++) {
                    sent.add(publisher.publishAsync(new Orders.Paid("o-" + i, 100)));
                }
                for (int i = 0; i < ORDERS; i++) {
                    sent.add(publisher.publishAsync(new Orders.Shipped("o-" + i)));
                }
                sent.forEach(CompletableFuture::join);
                int r = round;
                Map<String, EntryId> last = Map.of(streams.placed(), EntryId.of(sent.get(ORDERS - 1).join()),
                        streams.paid(), EntryId.of(sent.get(2 * ORDERS - 1).join()),
                        streams.shipped(), EntryId.of(sent.get(3 * ORDERS - 1).join()));
                Await.until(WAIT, () -> runner.failure() != null || runner.checkpoints().equals(last),
                        () -> "round " + r + ": " + db.rows("SELECT * FROM order_summary"));
                assertEquals(null, runner.failure(), "round " + round);
                assertEquals(ORDERS, db.count(SHIPPED), "round " + round + ": every order placed, paid, shipped: "
                        + db.rows("SELECT * FROM order_summary"));
            }
            redisson.getKeys().delete(streams.all().toArray(String[]::new));
        }
    }

    /** "placed" creates the row; "paid" and "shipped" update it, so they count only after their "placed". */
    private static Projection orderDependent(String name, Orders.Streams s) {
        return Projection.named(name).migrations(Orders.MIGRATIONS)
                .on(s.placed(), Orders.Placed.class, (e, m, c) -> Orders.update(c, "INSERT INTO order_summary "
                        + "(order_id, customer, total_cents, paid_cents, shipped, events) VALUES (?, ?, ?, 0, FALSE, 1)",
                        e.orderId(), e.customer(), e.amountCents()))
                .on(s.paid(), Orders.Paid.class, (e, m, c) -> Orders.update(c,
                        "UPDATE order_summary SET paid_cents = ? WHERE order_id = ?", e.amountCents(), e.orderId()))
                .on(s.shipped(), Orders.Shipped.class, (e, m, c) -> Orders.update(c,
                        "UPDATE order_summary SET shipped = TRUE WHERE order_id = ?", e.orderId()))
                .reset(c -> Orders.update(c, "DELETE FROM order_summary"))
                .build();
    }
}
