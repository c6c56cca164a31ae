package dev.streambus.projection.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The schemas of builds and the views readers query. Each build lives in schema
 * {@code <base>_<projection>_v<version>_<build>}; the base schema holds one view per read-model table of the serving
 * build, named like the table, so readers write {@code SELECT ... FROM order_summary} whichever build serves.
 *
 * <p>Swapping a build in re-points every view: on PostgreSQL all of them (and the registry rows) change in one
 * transaction (DROP VIEW + CREATE VIEW, transactional DDL); on H2, whose DDL commits by itself, each view is
 * replaced by one {@code CREATE OR REPLACE VIEW}, atomic per table. A reader never sees an empty or half-built table.
 */
public final class BuildSchemas {

    /** Framework tables inside a build schema, never exposed as views. */
    private static final Set<String> FRAMEWORK_TABLES = Set.of("streambus_guard", "streambus_checkpoint",
            "streambus_projection_failure", SchemaMigrations.FRAMEWORK_HISTORY);

    private BuildSchemas() {
    }

    /** The schema name of a build, folded to the database's spelling, within 63 characters. */
    public static String schemaName(SqlNames names, String base, String projection, int version, int build) {
        String tail = "_v" + version + "_" + build;
        String head = SqlNames.clean(base, 24) + "_" + SqlNames.clean(projection, 32);
        return names.fold(SqlNames.clean(head, SqlNames.MAX_IDENTIFIER - tail.length()) + tail);
    }

    /** The read-model tables of a build schema (its own tables, not the framework's), as stored. */
    public static List<String> tables(Connection c, String schema, String projection) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        String history = SchemaMigrations.historyTable(projection);
        try (ResultSet rs = md.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME");
                if (!schema.equals(rs.getString("TABLE_SCHEM"))) {
                    continue; // the pattern's '_' matches any character
                }
                String lower = table.toLowerCase(Locale.ROOT);
                if (!FRAMEWORK_TABLES.contains(lower) && !lower.equals(history)) {
                    out.add(table);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Points the base schema's views at {@code target}'s tables, and drops the views of tables only
     * {@code previous} had. Does not commit: on PostgreSQL the caller commits it with the registry change; on H2
     * each statement commits by itself.
     *
     * @throws IllegalStateException when the base schema holds a real table where a view belongs
     */
    public static void pointViews(Connection c, SqlNames names, String base, String projection, String target,
                                  String previous) throws SQLException {
        List<String> tables = tables(c, target, projection);
        Set<String> stale = new LinkedHashSet<>(previous == null ? List.of() : tables(c, previous, projection));
        tables.forEach(stale::remove);
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                refuseRealTable(c, base, table, projection);
                String view = SqlNames.quote(base) + "." + SqlNames.quote(table);
                String select = "SELECT * FROM " + SqlNames.quote(target) + "." + SqlNames.quote(table);
                if (names.postgres()) {
                    s.execute("DROP VIEW IF EXISTS " + view);
                    s.execute("CREATE VIEW " + view + " AS " + select);
                } else {
                    s.execute("CREATE OR REPLACE VIEW " + view + " AS " + select);
                }
            }
            for (String table : stale) {
                s.execute("DROP VIEW IF EXISTS " + SqlNames.quote(base) + "." + SqlNames.quote(table));
            }
        }
    }

    /** Drops a build's schema and everything in it (no-op when it is gone). Does not commit. */
    public static void drop(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SqlNames.quote(schema) + " CASCADE");
        }
    }

    private static void refuseRealTable(Connection c, String base, String table, String projection)
            throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, base, table, new String[]{"TABLE"})) {
            while (rs.next()) {
                if (!base.equals(rs.getString("TABLE_SCHEM")) || !table.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                throw new IllegalStateException("projection '" + projection + "': schema " + base + " holds a table "
                        + table + " where the view of the serving build belongs (a read model created before"
                        + " blue/green builds?); rename or drop it, then start again");
            }
        }
    }
}
