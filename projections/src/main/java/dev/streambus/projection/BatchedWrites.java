package dev.streambus.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a handler hands over to be sent as JDBC batches when its transaction commits: one prepared statement per
 * distinct SQL text, {@code addBatch} per call, {@code executeBatch} (in first-use order) right before the runner
 * commits, dropped when it rolls back. Far fewer round trips on PostgreSQL (with {@code reWriteBatchedInserts=true}
 * one multi-row INSERT per batch).
 *
 * <p>Only for writes the projection does not read back before the commit (typically inserts into append-only
 * tables): a later handler in the same transaction does not see them yet. A failing batched statement fails the
 * whole transaction (it cannot be traced to one entry), which is rolled back.
 *
 * <pre>{@code
 * .on(OrderPlaced.class, (e, msg, db) -> BatchedWrites.add(db,
 *         "INSERT INTO order_log (order_id, entry_id) VALUES (?, ?)", e.orderId(), msg.id()))
 * }</pre>
 */
public final class BatchedWrites {

    private static final Map<Connection, Map<String, PreparedStatement>> PENDING = new IdentityHashMap<>();

    private BatchedWrites() {
    }

    /** Adds one execution of {@code sql} with {@code args} to the connection's pending batches. */
    public static void add(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement ps;
        synchronized (PENDING) {
            Map<String, PreparedStatement> statements = PENDING.computeIfAbsent(connection,
                    c -> new LinkedHashMap<>());
            ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
            }
        }
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        ps.addBatch();
    }

    /** Executes the connection's pending batches (the runner calls this before it commits). */
    static void flush(Connection connection) throws SQLException {
        Map<String, PreparedStatement> statements;
        synchronized (PENDING) {
            statements = PENDING.remove(connection);
        }
        if (statements == null) {
            return;
        }
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.executeBatch();
            }
        } finally {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
        }
    }

    /** Drops the connection's pending batches (the runner calls this when it rolls back). */
    static void discard(Connection connection) {
        Map<String, PreparedStatement> statements;
        synchronized (PENDING) {
            statements = PENDING.remove(connection);
        }
        if (statements != null) {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // being dropped
                }
            }
        }
    }
}
