package dev.streambus.projection;

import dev.streambus.projection.store.Build;
import dev.streambus.projection.store.BuildRegistry;
import dev.streambus.projection.store.BuildSchemas;
import dev.streambus.projection.store.SchemaMigrations;
import dev.streambus.projection.store.SqlNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The builds of one projection in the registry and their schemas: creates the first build, starts or resumes a
 * shadow build, swaps a caught-up build in (registry and views together), marks failed builds and drops their
 * schemas, drops retired builds after the grace period. Each call uses a short connection of its own in the base
 * schema (the data source's default).
 */
final class BuildManager {

    private static final Logger log = LoggerFactory.getLogger(BuildManager.class);

    @FunctionalInterface
    interface BaseWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final Projection projection;
    private final DataSource dataSource;
    private final RunnerConfig config;
    private final String base;
    private final SqlNames names;
    private Connection heartbeat;

    BuildManager(Projection projection, DataSource dataSource, RunnerConfig config) throws SQLException {
        this.projection = projection;
        this.dataSource = dataSource;
        this.config = config;
        try (Connection c = dataSource.getConnection()) {
            this.base = c.getSchema();
            this.names = SqlNames.of(c);
        }
    }

    String base() {
        return base;
    }

    List<Build> builds() {
        return base(c -> BuildRegistry.builds(c, projection.name()));
    }

    /**
     * The serving build, created (empty, at the projection's version) when there is none, with the views pointed at
     * it (repairs a swap on H2 interrupted between the registry and the views).
     *
     * @throws IllegalStateException when the serving build is newer than the projection (older code)
     */
    Build ensureServing() throws SQLException {
        Optional<Build> serving = base(c -> BuildRegistry.serving(c, projection.name()));
        Build b;
        if (serving.isPresent()) {
            b = serving.get();
            if (b.version() > projection.version()) {
                throw new IllegalStateException("projection '" + projection.name() + "': the serving build "
                        + b.number() + " is version " + b.version() + ", newer than this code's version "
                        + projection.version() + "; deploy code with version " + (b.version() + 1)
                        + " or more to go back");
            }
        } else {
            b = create(Build.State.SERVING);
            log.info("projection '{}': first build {} (version {}) in schema {}", projection.name(), b.number(),
                    b.version(), b.schema());
        }
        Build current = b;
        base(c -> {
            BuildSchemas.pointViews(c, names, base, projection.name(), current.schema(), null);
            c.commit();
            return null;
        });
        return b;
    }

    /**
     * A shadow build at the projection's version: the interrupted one (state BUILDING, same version) resumed from
     * its checkpoints, else a new one; other BUILDING builds are cancelled and dropped.
     */
    Build startOrResume() throws SQLException {
        Build resumed = null;
        for (Build b : builds()) {
            if (b.state() != Build.State.BUILDING) {
                continue;
            }
            if (resumed == null && b.version() == projection.version()) {
                resumed = b;
                log.info("projection '{}': resuming build {} (version {}) from its checkpoints", projection.name(),
                        b.number(), b.version());
            } else {
                abandon(b, Build.State.CANCELLED, new Build.Error(null, null, "superseded by a newer rebuild"));
            }
        }
        return resumed != null ? resumed : create(Build.State.BUILDING);
    }

    private Build create(Build.State state) throws SQLException {
        Instant now = config.clock().instant();
        Build b = base(c -> {
            int number = BuildRegistry.nextNumber(c, projection.name());
            Build created = new Build(projection.name(), number, projection.version(),
                    BuildSchemas.schemaName(names, base, projection.name(), projection.version(), number), state, 0,
                    0, 0, null, now, now, state == Build.State.SERVING ? now : null, null);
            BuildRegistry.insert(c, created);
            c.commit();
            return created;
        });
        SchemaMigrations.migrateBuild(dataSource, b.schema(), projection.name(), projection.migrations());
        return b;
    }

    /**
     * Saves a build's progress (its heartbeat), on a base-schema connection kept open for these saves: they come
     * with every progress report on the rebuild's writing thread, where opening a connection each time (a new
     * server process on PostgreSQL) shows in the rebuild's rate.
     */
    synchronized void save(Build b) {
        try {
            if (heartbeat == null) {
                heartbeat = dataSource.getConnection();
                heartbeat.setAutoCommit(false);
            }
            BuildRegistry.update(heartbeat, b);
            heartbeat.commit();
        } catch (SQLException e) {
            closeHeartbeat();
            throw new IllegalStateException("projection '" + projection.name() + "': build registry: "
                    + e.getMessage(), e);
        }
    }

    /** Closes the connection of {@link #save}. */
    synchronized void closeHeartbeat() {
        if (heartbeat != null) {
            try {
                heartbeat.close();
            } catch (SQLException ignored) {
                // a broken connection is dropped either way
            }
            heartbeat = null;
        }
    }

    /**
     * Makes {@code next} the serving build: registry rows ({@code previous} RETIRED until now + grace) and views
     * change together (one transaction on PostgreSQL; on H2 the registry first, then each view atomically).
     */
    Build swap(Build next, Build previous) {
        Instant now = config.clock().instant();
        Build serving = next.withState(Build.State.SERVING, now);
        base(c -> {
            BuildRegistry.update(c, previous.retired(now, now.plus(config.retireAfter())));
            BuildRegistry.update(c, serving);
            if (names.postgres()) {
                BuildSchemas.pointViews(c, names, base, projection.name(), next.schema(), previous.schema());
                c.commit(); // registry and views in one transaction: all or nothing
                return null;
            }
            c.commit(); // H2: DDL commits by itself, so the registry goes first and the views follow
            try {
                BuildSchemas.pointViews(c, names, base, projection.name(), next.schema(), previous.schema());
            } catch (SQLException | RuntimeException e) {
                log.error("projection '{}': build {} is serving but its views could not be pointed at it ({});"
                        + " the next start points them", projection.name(), next.number(), e.getMessage());
            }
            return null;
        });
        return serving;
    }

    /** Marks a shadow build failed or cancelled and drops its schema; the serving build is not touched. */
    void abandon(Build b, Build.State state, Build.Error why) {
        base(c -> {
            BuildRegistry.update(c, b.failed(state, why, config.clock().instant()));
            c.commit();
            BuildSchemas.drop(c, b.schema());
            c.commit();
            return null;
        });
    }

    /** Drops retired builds whose grace period is over; returns how many. */
    int dropRetired() {
        Instant now = config.clock().instant();
        int dropped = 0;
        for (Build b : builds()) {
            if (b.state() == Build.State.RETIRED && b.retireAfter() != null && !b.retireAfter().isAfter(now)) {
                base(c -> {
                    BuildSchemas.drop(c, b.schema());
                    BuildRegistry.update(c, b.withState(Build.State.DROPPED, now));
                    c.commit();
                    return null;
                });
                log.info("projection '{}': dropped retired build {} (schema {})", projection.name(), b.number(),
                        b.schema());
                dropped++;
            }
        }
        return dropped;
    }

    /** Runs {@code work} on a fresh base-schema connection (no auto-commit), rolling back what it did not commit. */
    <T> T base(BaseWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the original failure matters more
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("projection '" + projection.name() + "': build registry: "
                    + e.getMessage(), e);
        }
    }
}
