package dev.streambus.projection;

import dev.streambus.projection.store.Build;
import dev.streambus.projection.store.OffsetStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The write side of one build: a connection whose current schema is the build's schema (handlers write unqualified
 * table names), the build's checkpoints and guard rows, and the applier over them. Not thread-safe: used under
 * {@link Transactions}' lock (serving build) or by the one rebuild thread (shadow build).
 */
final class BuildWriter implements AutoCloseable {

    final Build build;
    final Connection connection;
    final OffsetStore store;
    final BatchApplier applier;

    private BuildWriter(Build build, Connection connection, OffsetStore store, BatchApplier applier) {
        this.build = build;
        this.connection = connection;
        this.store = store;
        this.applier = applier;
    }

    /** The same writer, carrying the build's newer registry row. */
    BuildWriter as(Build row) {
        return new BuildWriter(row, connection, store, applier);
    }

    static BuildWriter open(Projection projection, DataSource dataSource, Build build, boolean skipFailures)
            throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            c.setSchema(build.schema());
            OffsetStore store = new OffsetStore(projection.name());
            BatchApplier applier = new BatchApplier(projection, store, c, skipFailures);
            applier.reload();
            return new BuildWriter(build, c, store, applier);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing after the work is done: nothing left to lose
        }
    }
}
