package dev.streambus.projection.testing;

import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.event.EntityEvent;
import dev.streambus.localredis.TestKeys;
import dev.streambus.projection.BatchedWrites;
import dev.streambus.projection.Projection;
import dev.streambus.publish.OutgoingEvent;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.redisson.api.RedissonClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The sample read model of the tests: orders placed, paid and shipped (three event streams) folded into
 * {@code order_summary}, plus {@code order_event_log} with one row per applied event (no unique key, so a
 * duplicate application shows). Handlers commute (insert-if-missing, then update), so the model does not depend on
 * the order entries of different streams arrive in.
 */
public final class Orders {

    public static final String MIGRATIONS = "classpath:db/projection/test_orders";
    /** Applied events (a duplicate application shows as an extra row). */
    public static final String LOG_COUNT = "SELECT COUNT(*) FROM order_event_log";
    /** Distinct entries applied. */
    public static final String DISTINCT_LOG = "SELECT COUNT(*) FROM (SELECT DISTINCT stream, entry_id"
            + " FROM order_event_log) d";
    public static final String SUMMARY = "SELECT order_id, customer, total_cents, paid_cents, shipped, events"
            + " FROM order_summary ORDER BY order_id";

    public record Placed(String orderId, String customer, long amountCents) {
    }

    public record Paid(String orderId, long amountCents) {
    }

    public record Shipped(String orderId) {
    }

    /** The three event names (= integration stream keys) of one test. */
    public record Streams(String placed, String paid, String shipped) {
        public List<String> all() {
            return List.of(placed, paid, shipped);
        }
    }

    private Orders() {
    }

    public static Streams streams(TestKeys keys) {
        return new Streams(keys.stream("order-placed"), keys.stream("order-paid"), keys.stream("order-shipped"));
    }

    public static Projection.Builder projection(String name, Streams s) {
        return Projection.named(name)
                .migrations(MIGRATIONS)
                .on(s.placed(), Placed.class, (e, m, c) -> {
                    ensure(c, e.orderId());
                    update(c, "UPDATE order_summary SET customer = ?, total_cents = total_cents + ?,"
                            + " events = events + 1 WHERE order_id = ?", e.customer(), e.amountCents(), e.orderId());
                    log(c, m, e.orderId());
                })
                .on(s.paid(), Paid.class, (e, m, c) -> {
                    ensure(c, e.orderId());
                    update(c, "UPDATE order_summary SET paid_cents = paid_cents + ?, events = events + 1"
                            + " WHERE order_id = ?", e.amountCents(), e.orderId());
                    log(c, m, e.orderId());
                })
                .on(s.shipped(), Shipped.class, (e, m, c) -> {
                    ensure(c, e.orderId());
                    update(c, "UPDATE order_summary SET shipped = TRUE, events = events + 1 WHERE order_id = ?",
                            e.orderId());
                    log(c, m, e.orderId());
                })
                .reset(c -> {
                    update(c, "DELETE FROM order_summary");
                    update(c, "DELETE FROM order_event_log");
                })
                .resetEntity((c, id) -> {
                    update(c, "DELETE FROM order_summary WHERE order_id = ?", id);
                    update(c, "DELETE FROM order_event_log WHERE order_id = ?", id);
                });
    }

    /**
     * The same read model written in two JDBC batches per transaction ({@link BatchedWrites}): one standard
     * {@code MERGE} per event into {@code order_summary} (H2 and PostgreSQL 15+) and the log row. The batches run
     * grouped by statement, which the commuting handlers allow. For the tests that replay 100k events.
     */
    public static Projection.Builder batched(String name, Streams s) {
        return Projection.named(name)
                .migrations(MIGRATIONS)
                .on(s.placed(), Placed.class, (e, m, c) -> {
                    BatchedWrites.add(c, merge("customer = v.customer, total_cents = s.total_cents + v.amount",
                            "v.customer, v.amount, 0, FALSE"), e.orderId(), e.customer(), e.amountCents());
                    batchedLog(c, m, e.orderId());
                })
                .on(s.paid(), Paid.class, (e, m, c) -> {
                    BatchedWrites.add(c, merge("paid_cents = s.paid_cents + v.amount", "NULL, 0, v.amount, FALSE"),
                            e.orderId(), null, e.amountCents());
                    batchedLog(c, m, e.orderId());
                })
                .on(s.shipped(), Shipped.class, (e, m, c) -> {
                    BatchedWrites.add(c, merge("shipped = TRUE", "NULL, 0, 0, TRUE"), e.orderId(), null, 0L);
                    batchedLog(c, m, e.orderId());
                })
                .reset(c -> {
                    update(c, "DELETE FROM order_summary");
                    update(c, "DELETE FROM order_event_log");
                });
    }

    /** MERGE of one event: {@code set} when the order's row exists, else a new row of {@code values}. */
    private static String merge(String set, String values) {
        return "MERGE INTO order_summary s USING (SELECT CAST(? AS VARCHAR(100)) AS order_id,"
                + " CAST(? AS VARCHAR(100)) AS customer, CAST(? AS BIGINT) AS amount) v ON s.order_id = v.order_id"
                + " WHEN MATCHED THEN UPDATE SET " + set + ", events = s.events + 1"
                + " WHEN NOT MATCHED THEN INSERT (order_id, customer, total_cents, paid_cents, shipped, events)"
                + " VALUES (v.order_id, " + values + ", 1)";
    }

    private static void batchedLog(Connection c, ReceivedMessage m, String orderId) throws SQLException {
        BatchedWrites.add(c, "INSERT INTO order_event_log (stream, entry_id, order_id) VALUES (?, ?, ?)", m.stream(),
                m.id(), orderId);
    }

    private static void ensure(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM order_summary WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (var rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        update(c, "INSERT INTO order_summary (order_id, total_cents, paid_cents, shipped, events)"
                + " VALUES (?, 0, 0, FALSE, 0)", orderId);
    }

    private static void log(Connection c, ReceivedMessage m, String orderId) throws SQLException {
        update(c, "INSERT INTO order_event_log (stream, entry_id, order_id) VALUES (?, ?, ?)", m.stream(), m.id(),
                orderId);
    }

    public static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    /** The i-th event of a deterministic history: order {@code o-<i/3>}, kinds rotating placed, paid, shipped. */
    public static Object event(int i) {
        String order = "o-" + (i / 3);
        return switch (i % 3) {
            case 0 -> new Placed(order, "customer-" + (i % 17), 1000 + i);
            case 1 -> new Paid(order, 1000 + i - 1);
            default -> new Shipped(order);
        };
    }

    public static String streamOf(Streams s, Object event) {
        if (event instanceof Placed) {
            return s.placed();
        }
        return event instanceof Paid ? s.paid() : s.shipped();
    }

    public static String orderOf(Object event) {
        if (event instanceof Placed p) {
            return p.orderId();
        }
        return event instanceof Paid p ? p.orderId() : ((Shipped) event).orderId();
    }

    /** Publishes through the real publisher; {@code entityType} non-null also writes the entity stream copy. */
    public static final class Publisher {
        private final RedisPublisher publisher;
        private final Streams streams;
        private final String entityType;
        private final boolean history;

        public Publisher(RedissonClient redisson, Streams streams, String entityType, boolean history) {
            this.publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
            this.streams = streams;
            this.entityType = entityType;
            this.history = history;
        }

        public CompletableFuture<String> publishAsync(Object event) {
            String order = orderOf(event);
            OutgoingEvent encoded = publisher.encoder().encode(streamOf(streams, event), MessageType.EVENT,
                    PhpJson.mapper().valueToTree(event), history ? order : null);
            return publisher.send(new OutgoingEvent(encoded.stream(), encoded.message(), encoded.historyIdentifier(),
                    entityType == null ? null : EntityEvent.streamKey(entityType, order)));
        }

        public String publish(Object event) {
            return publishAsync(event).join();
        }

        /** Publishes events {@code from .. to-1} of the deterministic history. */
        public void publishRange(int from, int to) {
            List<CompletableFuture<String>> pending = new ArrayList<>();
            for (int i = from; i < to; i++) {
                pending.add(publishAsync(event(i)));
                if (pending.size() == 1000) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                }
            }
            pending.forEach(CompletableFuture::join);
        }
    }
}
