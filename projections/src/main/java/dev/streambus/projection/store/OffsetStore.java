package dev.streambus.projection.store;

import dev.streambus.redis.EntryId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checkpoints, guard rows and recorded failures of one projection, in the framework tables. Every method works on
 * the caller's connection and leaves transaction control to the caller, so a batch's guard rows and checkpoint
 * moves commit together with what its handlers wrote.
 *
 * <p>An entry counts as applied when its id is at or below its stream's checkpoint, or when its guard row exists.
 * Guard rows at or above the checkpoint are the only ones that carry information, so {@link #prune} deletes those
 * strictly below it after each commit: the guard table stays at about one row per stream.
 */
public final class OffsetStore {

    private final String projection;

    public OffsetStore(String projection) {
        this.projection = projection;
    }

    public String projection() {
        return projection;
    }

    /** Checkpoint per stream. */
    public Map<String, EntryId> checkpoints(Connection c) throws SQLException {
        Map<String, EntryId> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT stream, last_ms, last_seq FROM streambus_checkpoint WHERE projection = ?")) {
            ps.setString(1, projection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new EntryId(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /**
     * Per stream in {@code from}, its guarded ids at or after the given position, in one query (the guard table
     * holds about one row per stream: {@link #prune} keeps it small).
     */
    public Map<String, Set<EntryId>> guardedFrom(Connection c, Map<String, EntryId> from) throws SQLException {
        Map<String, Set<EntryId>> out = new HashMap<>();
        if (from.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stream, entry_ms, entry_seq FROM streambus_guard"
                + " WHERE projection = ?")) {
            ps.setString(1, projection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String stream = rs.getString(1);
                    EntryId lowest = from.get(stream);
                    EntryId p = new EntryId(rs.getLong(2), rs.getLong(3));
                    if (lowest != null && !lowest.isAfter(p)) {
                        out.computeIfAbsent(stream, s -> new HashSet<>()).add(p);
                    }
                }
            }
        }
        return out;
    }

    /** True when the guard row of this entry exists. */
    public boolean isGuarded(Connection c, String stream, EntryId position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM streambus_guard"
                + " WHERE projection = ? AND stream = ? AND entry_ms = ? AND entry_seq = ?")) {
            ps.setString(1, projection);
            ps.setString(2, stream);
            ps.setLong(3, position.ms());
            ps.setLong(4, position.seq());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts guard rows (one JDBC batch). */
    public void insertGuards(Connection c, List<StreamPosition> applied) throws SQLException {
        if (applied.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO streambus_guard (projection, stream, entry_ms, entry_seq) VALUES (?, ?, ?, ?)")) {
            for (StreamPosition p : applied) {
                ps.setString(1, projection);
                ps.setString(2, p.stream());
                ps.setLong(3, p.position().ms());
                ps.setLong(4, p.position().seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Moves checkpoints (insert or update): the updates in one JDBC batch, then inserts for the streams missing. */
    public void saveCheckpoints(Connection c, Map<String, EntryId> moved) throws SQLException {
        if (moved.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Map.Entry<String, EntryId>> order = new ArrayList<>(moved.entrySet());
        List<Map.Entry<String, EntryId>> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE streambus_checkpoint SET last_ms = ?, last_seq = ?,"
                + " updated_at = ? WHERE projection = ? AND stream = ?")) {
            for (Map.Entry<String, EntryId> e : order) {
                ps.setLong(1, e.getValue().ms());
                ps.setLong(2, e.getValue().seq());
                ps.setTimestamp(3, now);
                ps.setString(4, projection);
                ps.setString(5, e.getKey());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(order.get(i));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO streambus_checkpoint"
                + " (projection, stream, last_ms, last_seq, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, EntryId> e : missing) {
                ps.setString(1, projection);
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue().ms());
                ps.setLong(4, e.getValue().seq());
                ps.setTimestamp(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes guard rows strictly below each given checkpoint; returns how many. */
    public int prune(Connection c, Map<String, EntryId> checkpoints) throws SQLException {
        int deleted = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM streambus_guard WHERE projection = ?"
                + " AND stream = ? AND (entry_ms < ? OR (entry_ms = ? AND entry_seq < ?))")) {
            for (Map.Entry<String, EntryId> e : checkpoints.entrySet()) {
                ps.setString(1, projection);
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue().ms());
                ps.setLong(4, e.getValue().ms());
                ps.setLong(5, e.getValue().seq());
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    /** Records an entry that could not be applied (skip-failures mode). */
    public void recordFailure(Connection c, String stream, EntryId position, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO streambus_projection_failure"
                + " (projection, stream, entry_ms, entry_seq, error, failed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, projection);
            ps.setString(2, stream);
            ps.setLong(3, position.ms());
            ps.setLong(4, position.seq());
            ps.setString(5, error.length() > 4000 ? error.substring(0, 4000) : error);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** Recorded failures, oldest entry first. */
    public List<RecordedFailure> failures(Connection c) throws SQLException {
        List<RecordedFailure> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stream, entry_ms, entry_seq, error, failed_at"
                + " FROM streambus_projection_failure WHERE projection = ? ORDER BY entry_ms, entry_seq, stream")) {
            ps.setString(1, projection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordedFailure(rs.getString(1), new EntryId(rs.getLong(2), rs.getLong(3)),
                            rs.getString(4), rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return out;
    }

    /** Deletes this projection's guard rows, checkpoints and recorded failures. */
    public void clear(Connection c) throws SQLException {
        for (String table : List.of("streambus_guard", "streambus_checkpoint", "streambus_projection_failure")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE projection = ?")) {
                ps.setString(1, projection);
                ps.executeUpdate();
            }
        }
    }
}
