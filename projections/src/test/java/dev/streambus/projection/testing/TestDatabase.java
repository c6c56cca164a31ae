package dev.streambus.projection.testing;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A private database for one test: an in-memory H2, or a fresh schema in the local PostgreSQL (dropped after). */
public final class TestDatabase implements AutoCloseable {

    /** The PostgreSQL the tests use: {@code STREAMBUS_PG_URL}, else the local server CI provides. */
    public static final String PG_URL = System.getenv().getOrDefault("STREAMBUS_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    public enum Kind { H2, POSTGRES }

    private final Kind kind;
    private final DataSource dataSource;
    private final String schema;
    private final Connection keepAlive;

    private TestDatabase(Kind kind, DataSource dataSource, String schema, Connection keepAlive) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.schema = schema;
        this.keepAlive = keepAlive;
    }

    public static TestDatabase create(Kind kind) {
        try {
            String token = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            if (kind == Kind.H2) {
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL("jdbc:h2:mem:proj_" + token);
                return new TestDatabase(kind, ds, null, ds.getConnection());
            }
            String schema = "proj_test_" + token.toLowerCase(Locale.ROOT);
            try (Connection c = connectPostgres(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(PG_URL + "&currentSchema=" + schema + "&reWriteBatchedInserts=true");
            return new TestDatabase(kind, ds, schema, null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a " + kind + " test database: " + e.getMessage(), e);
        }
    }

    /**
     * Under CI (env {@code CI} set) PostgreSQL is required and its absence fails the test; on a developer machine
     * without it, the PostgreSQL variants are skipped, saying why (H2 variants still run).
     */
    private static Connection connectPostgres() throws SQLException {
        DriverManager.setLoginTimeout(3);
        try {
            return DriverManager.getConnection(PG_URL);
        } catch (SQLException e) {
            if (System.getenv("CI") == null) {
                org.junit.jupiter.api.Assumptions.abort("PostgreSQL not reachable at " + PG_URL.replaceAll("\\?.*", "")
                        + " (" + e.getMessage() + "); set STREAMBUS_PG_URL or run it. Required when CI is set.");
            }
            throw e;
        }
    }

    /** An H2 file database at {@code path} (no file lock: processes take turns). */
    public static DataSource h2File(String path) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + path + ";FILE_LOCK=NO");
        return ds;
    }

    public Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many schemas whose name starts with {@code prefix} exist (build schemas of a projection). */
    public long schemas(String prefix) {
        return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME LIKE '" + prefix + "%'");
    }

    /** All rows of a query, each as a list of column values. */
    public List<List<Object>> rows(String sql) {
        return rows(dataSource, sql);
    }

    public static List<List<Object>> rows(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long count(String sql) {
        return ((Number) rows(sql).get(0).get(0)).longValue();
    }

    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (kind == Kind.H2) {
                try (Statement s = keepAlive.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                keepAlive.close();
            } else {
                try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
                    List<String> builds = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata"
                            + " WHERE schema_name LIKE '" + schema + "\\_%'")) {
                        while (rs.next()) {
                            builds.add(rs.getString(1));
                        }
                    }
                    for (String build : builds) { // the projections' build schemas: <schema>_<projection>_v<n>_<b>
                        s.execute("DROP SCHEMA \"" + build + "\" CASCADE");
                    }
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return kind.toString();
    }
}
