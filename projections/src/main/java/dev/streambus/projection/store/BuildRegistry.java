package dev.streambus.projection.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The builds of projections ({@code streambus_projection_build} in the base schema). Works on the caller's
 * connection and leaves transaction control to the caller.
 */
public final class BuildRegistry {

    private static final String COLUMNS = "projection, build_no, version, schema_name, state, done_count,"
            + " total_count, rate, error_stream, error_entry, error_cause, created_at, updated_at, swapped_at,"
            + " retire_after";

    private BuildRegistry() {
    }

    /** Every build of {@code projection}, oldest first. */
    public static List<Build> builds(Connection c, String projection) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM streambus_projection_build WHERE projection = ?"
                + " ORDER BY build_no", projection);
    }

    /** Every build of every projection, by projection then build. */
    public static List<Build> all(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM streambus_projection_build ORDER BY projection, build_no");
    }

    /** The serving build of {@code projection}, if any. */
    public static Optional<Build> serving(Connection c, String projection) throws SQLException {
        return builds(c, projection).stream().filter(b -> b.state() == Build.State.SERVING).findFirst();
    }

    /** The next build number of {@code projection}. */
    public static int nextNumber(Connection c, String projection) throws SQLException {
        return builds(c, projection).stream().mapToInt(Build::number).max().orElse(0) + 1;
    }

    public static void insert(Connection c, Build b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO streambus_projection_build (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.projection());
            ps.setInt(2, b.number());
            ps.setInt(3, b.version());
            ps.setString(4, b.schema());
            bindMutable(ps, 5, b);
            ps.executeUpdate();
        }
    }

    /** Writes state, progress, error and times of an existing build. */
    public static void update(Connection c, Build b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE streambus_projection_build SET state = ?,"
                + " done_count = ?, total_count = ?, rate = ?, error_stream = ?, error_entry = ?, error_cause = ?,"
                + " created_at = ?, updated_at = ?, swapped_at = ?, retire_after = ?"
                + " WHERE projection = ? AND build_no = ?")) {
            int i = bindMutable(ps, 1, b);
            ps.setString(i, b.projection());
            ps.setInt(i + 1, b.number());
            ps.executeUpdate();
        }
    }

    private static int bindMutable(PreparedStatement ps, int i, Build b) throws SQLException {
        ps.setString(i++, b.state().name());
        ps.setLong(i++, b.done());
        ps.setLong(i++, b.total());
        ps.setDouble(i++, Double.isFinite(b.rate()) ? b.rate() : 0);
        ps.setString(i++, b.error() == null ? null : b.error().stream());
        ps.setString(i++, b.error() == null ? null : b.error().entryId());
        String cause = b.error() == null ? null : b.error().cause();
        ps.setString(i++, cause != null && cause.length() > 4000 ? cause.substring(0, 4000) : cause);
        ps.setTimestamp(i++, ts(b.createdAt()));
        ps.setTimestamp(i++, ts(b.updatedAt()));
        ps.setTimestamp(i++, ts(b.swappedAt()));
        ps.setTimestamp(i++, ts(b.retireAfter()));
        return i;
    }

    private static List<Build> query(Connection c, String sql, String... args) throws SQLException {
        List<Build> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cause = rs.getString(11);
                    Build.Error error = cause == null ? null
                            : new Build.Error(rs.getString(9), rs.getString(10), cause);
                    out.add(new Build(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            Build.State.valueOf(rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getDouble(8),
                            error, instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)),
                            instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15))));
                }
            }
        }
        return out;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
