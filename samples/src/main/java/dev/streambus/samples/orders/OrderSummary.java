package dev.streambus.samples.orders;

import dev.streambus.projection.Projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code order_summary} read model: one row per order, kept by a projection. */
final class OrderSummary {

    /** One row. */
    record Row(String orderId, String customer, long totalCents, String status, long paidCents, String carrier) {
    }

    private OrderSummary() {
    }

    // README:projection
    static Projection projection() {
        return Projection.named("order_summary")
                .migrations("classpath:db/projection/order_summary")   // V1__order_summary.sql
                .on(OrderPlaced.class, (e, msg, db) -> update(db,
                        "MERGE INTO order_summary (order_id, customer, total_cents, status) KEY (order_id) "
                                + "VALUES (?, ?, ?, 'placed')", e.orderId(), e.customer(), e.totalCents()))
                .on(OrderPaid.class, (e, msg, db) -> update(db,
                        "UPDATE order_summary SET status = 'paid', paid_cents = ? WHERE order_id = ?",
                        e.amountCents(), e.orderId()))
                .on(OrderShipped.class, (e, msg, db) -> update(db,
                        "UPDATE order_summary SET status = 'shipped', carrier = ? WHERE order_id = ?",
                        e.carrier(), e.orderId()))
                .reset(db -> update(db, "DELETE FROM order_summary"))
                .build();
    }
    // README:end

    static void update(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }

    static List<Row> rows(Connection db) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("SELECT order_id, customer, total_cents, status, "
                + "paid_cents, carrier FROM order_summary ORDER BY order_id");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6)));
            }
        }
        return rows;
    }
}
