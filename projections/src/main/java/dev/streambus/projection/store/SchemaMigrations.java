package dev.streambus.projection.store;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.List;
import java.util.Locale;

/**
 * Flyway migrations, each set with its own history table so the framework and every projection evolve
 * independently in one schema: the framework tables ({@code streambus_guard}, {@code streambus_checkpoint},
 * {@code streambus_projection_failure}) use {@code streambus_schema_history}; projection {@code p} uses
 * {@code projection_<p>_history}. Works on H2 and PostgreSQL; migrates the connection's current schema.
 */
public final class SchemaMigrations {

    /** Where the framework's own migrations live. */
    public static final String FRAMEWORK_LOCATION = "classpath:dev/streambus/projection/db";
    public static final String FRAMEWORK_HISTORY = "streambus_schema_history";

    private SchemaMigrations() {
    }

    /** Creates or upgrades the framework tables. Idempotent. */
    public static void migrateFramework(DataSource dataSource) {
        migrate(dataSource, List.of(FRAMEWORK_LOCATION), FRAMEWORK_HISTORY);
    }

    /** Runs a projection's own migrations (nothing when it has none). Idempotent. */
    public static void migrateProjection(DataSource dataSource, String projection, List<String> locations) {
        if (!locations.isEmpty()) {
            migrate(dataSource, locations, historyTable(projection));
        }
    }

    /**
     * {@code projection_<name>_history}, the name lower-cased with anything but [a-z0-9_] replaced by '_'; names
     * longer than 32 characters are cut and given a hash suffix, so the table and its index names stay within
     * PostgreSQL's 63 characters.
     */
    public static String historyTable(String projection) {
        String clean = projection.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > 32) {
            clean = clean.substring(0, 23) + "_" + String.format("%08x", projection.hashCode());
        }
        return "projection_" + clean + "_history";
    }

    private static void migrate(DataSource dataSource, List<String> locations, String table) {
        Flyway.configure()
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
