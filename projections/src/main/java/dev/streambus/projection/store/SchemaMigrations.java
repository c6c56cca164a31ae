package dev.streambus.projection.store;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.List;

/**
 * Flyway migrations, each set with its own history table so the framework and every projection evolve
 * independently: the framework's base tables (the build registry {@code streambus_projection_build}) use
 * {@code streambus_schema_history} of the connection's current schema; each build schema holds its own framework
 * tables ({@code streambus_guard}, {@code streambus_checkpoint}, {@code streambus_projection_failure}) and the
 * projection's tables (history {@code projection_<p>_history}). Works on H2 and PostgreSQL.
 */
public final class SchemaMigrations {

    /** Where the framework's own migrations live. */
    public static final String FRAMEWORK_LOCATION = "classpath:dev/streambus/projection/db";
    public static final String FRAMEWORK_HISTORY = "streambus_schema_history";
    /** The framework tables of one build (guard rows, checkpoints, failures), created in the build's schema. */
    public static final String BUILD_LOCATION = "classpath:dev/streambus/projection/build";

    private SchemaMigrations() {
    }

    /**
     * Creates or upgrades the framework's base tables (the build registry, V2). Idempotent. V1, which created the
     * per-build tables in the base schema before builds had schemas of their own, is gone (those tables are defined
     * once, in {@link #BUILD_LOCATION}): a database that applied it validates all the same, its old tables unused.
     */
    public static void migrateFramework(DataSource dataSource) {
        migrate(dataSource, List.of(FRAMEWORK_LOCATION), FRAMEWORK_HISTORY, null, "*:missing");
    }

    /**
     * {@code projection_<name>_history}, the name lower-cased with anything but [a-z0-9_] replaced by '_'; names
     * longer than 32 characters are cut and given a hash suffix, so the table and its index names stay within
     * PostgreSQL's 63 characters.
     */
    public static String historyTable(String projection) {
        return "projection_" + SqlNames.clean(projection, 32) + "_history";
    }

    /**
     * Creates build schema {@code schema} (exact spelling) with the framework's per-build tables and the
     * projection's own tables ({@code locations}, the migrations of the version being built).
     */
    public static void migrateBuild(DataSource dataSource, String schema, String projection, List<String> locations) {
        migrate(dataSource, List.of(BUILD_LOCATION), FRAMEWORK_HISTORY, schema);
        if (!locations.isEmpty()) {
            migrate(dataSource, locations, historyTable(projection), schema);
        }
    }

    private static void migrate(DataSource dataSource, List<String> locations, String table, String schema) {
        migrate(dataSource, locations, table, schema, null);
    }

    private static void migrate(DataSource dataSource, List<String> locations, String table, String schema,
                                String ignored) {
        var config = Flyway.configure();
        if (ignored != null) {
            config.ignoreMigrationPatterns(ignored);
        }
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema);
        }
        config
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table(table)
                // the schema may already hold other tables (the framework's, other projections'): start from 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
