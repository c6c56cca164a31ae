package dev.streambus.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one transaction helper of a runner: the write lock that serialises every write to the serving build (live
 * batches, catch-up, entity rebuilds, the swap of a new build), the serving build's writer (replaced under the lock
 * by a swap), and the rules that turn failures inside a unit of work into a rollback plus a
 * {@link ProjectionException} or {@link IllegalStateException} naming the projection.
 */
final class Transactions {

    @FunctionalInterface
    interface SqlWork {
        void run(Connection c) throws Exception;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(BuildWriter serving) throws Exception;
    }

    private final String projection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile BuildWriter serving;

    Transactions(String projection, BuildWriter serving) {
        this.projection = projection;
        this.serving = serving;
    }

    /** The serving build's writer (read without the lock: for inspection only). */
    BuildWriter serving() {
        return serving;
    }

    /** Runs {@code work} holding the write lock, with the serving build's writer. */
    <T> T locked(Work<T> work) {
        lock.lock();
        try {
            return work.run(serving);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("projection '" + projection + "' interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("projection '" + projection + "': " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@code next} the serving build's writer; returns the previous one. Call holding the lock. */
    BuildWriter switchTo(BuildWriter next) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("switching builds needs the write lock");
        }
        BuildWriter previous = serving;
        serving = next;
        return previous;
    }

    /** Runs {@code work} on {@code writer}'s connection and commits; rolls back and rethrows on any failure. */
    void inTransaction(BuildWriter writer, SqlWork work) throws SQLException {
        try {
            work.run(writer.connection);
            BatchedWrites.flush(writer.connection);
            writer.connection.commit();
        } catch (BatchApplier.EntryFailure f) {
            writer.applier.rollbackQuietly();
            throw new ProjectionException(projection, f.envelope.stream(), f.envelope.entry().id(), f.getCause());
        } catch (SQLException | RuntimeException e) {
            writer.applier.rollbackQuietly();
            throw e;
        } catch (Exception e) {
            writer.applier.rollbackQuietly();
            throw new IllegalStateException("projection '" + projection + "': " + e.getMessage(), e);
        }
    }

    /** Holds the lock while closing the serving writer, so no write is in flight. */
    void close() {
        lock.lock();
        try {
            serving.close();
        } finally {
            lock.unlock();
        }
    }
}
