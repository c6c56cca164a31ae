package dev.streambus.projection;

import dev.streambus.projection.source.Envelope;
import dev.streambus.projection.store.OffsetStore;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.store.StreamPosition;

import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies batches with exactly-once effect: one transaction per batch holding the handlers' writes, a guard row
 * per applied entry and the moved checkpoints. An entry at or below its stream's checkpoint, or with a guard row,
 * is passed over. Any failure rolls the whole batch back; with skip-failures the batch is then redone with the
 * failing entry recorded instead of applied. Guard rows below the new checkpoints are pruned after the commit.
 * Not thread-safe: the runner serialises all writes.
 */
final class BatchApplier {

    /** Outcome counts of one batch. */
    record Result(int applied, int skipped, int failed) {
    }

    private final Projection projection;
    private final OffsetStore store;
    private final Connection connection;
    private final boolean skipFailures;
    private Map<String, EntryId> checkpoints = new HashMap<>();
    /** {@link #checkpoints} as of the last commit, for readers on other threads (metrics, health). */
    private volatile Map<String, EntryId> committed = Map.of();
    private volatile java.time.Instant lastAppliedAt;

    BatchApplier(Projection projection, OffsetStore store, Connection connection, boolean skipFailures) {
        this.projection = projection;
        this.store = store;
        this.connection = connection;
        this.skipFailures = skipFailures;
    }

    /** Reloads checkpoints from the database (after a reset, at start). */
    void reload() throws SQLException {
        checkpoints = store.checkpoints(connection);
        connection.commit();
        committed = Map.copyOf(checkpoints);
    }

    /** When the last batch was committed by this applier, or null. */
    java.time.Instant lastAppliedAt() {
        return lastAppliedAt;
    }

    Map<String, EntryId> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    /** The checkpoints as of the last commit; safe from any thread, never blocks. */
    Map<String, EntryId> committedCheckpoints() {
        return committed;
    }

    EntryId checkpoint(String stream) {
        return checkpoints.getOrDefault(stream, EntryId.MIN);
    }

    /** Whether the projection has already applied (or recorded) this entry. */
    boolean isApplied(StreamPosition p) throws SQLException {
        return !p.position().isAfter(checkpoint(p.stream())) || store.isGuarded(connection, p.stream(), p.position());
    }

    /** Applies a live batch (guard rows written: live batches may hold reclaimed entries out of order). */
    Result apply(List<Envelope> batch) throws SQLException {
        return apply(batch, true);
    }

    /**
     * @param writeGuards false for replays, which apply each stream in id order: the checkpoint committed with the
     *                    batch then covers every entry in it, and guard rows would only be pruned again
     */
    Result apply(List<Envelope> batch, boolean writeGuards) throws SQLException {
        Map<StreamPosition, Throwable> excluded = new HashMap<>();
        while (true) {
            try {
                return attempt(batch, excluded, writeGuards);
            } catch (EntryFailure f) {
                rollbackQuietly();
                if (!skipFailures) {
                    throw new ProjectionException(projection.name(), f.envelope.stream(), f.envelope.entry().id(),
                            f.getCause());
                }
                excluded.put(new StreamPosition(f.envelope.stream(), f.envelope.position()), f.getCause());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        }
    }

    private Result attempt(List<Envelope> batch, Map<StreamPosition, Throwable> excluded, boolean writeGuards)
            throws SQLException {
        Map<String, Set<EntryId>> guarded = guardedRows(batch);
        Map<String, EntryId> moved = new LinkedHashMap<>();
        List<StreamPosition> guards = new ArrayList<>(batch.size());
        int applied = 0;
        int skipped = 0;
        int failed = 0;
        for (Envelope e : batch) {
            String stream = e.stream();
            EntryId cp = moved.containsKey(stream) ? moved.get(stream) : checkpoint(stream);
            if (!e.position().isAfter(checkpoint(stream))) {
                skipped++;
                continue;
            }
            if (guarded.getOrDefault(stream, Set.of()).contains(e.position())) {
                skipped++;
                if (e.position().isAfter(cp)) {
                    moved.put(stream, e.position());
                }
                continue;
            }
            StreamPosition at = new StreamPosition(stream, e.position());
            Throwable known = excluded.get(at);
            if (known != null) {
                store.recordFailure(connection, stream, e.position(), ProjectionException.describe(known));
                failed++;
            } else if (e.deleted() || e.event() == null && e.error() == null) {
                skipped++; // vanished entry, or a name this projection does not follow
            } else {
                invoke(e);
                if (writeGuards) {
                    guards.add(at);
                }
                applied++;
            }
            if (e.position().isAfter(cp)) {
                moved.put(stream, e.position());
            }
        }
        BatchedWrites.flush(connection);
        store.insertGuards(connection, guards);
        store.saveCheckpoints(connection, moved);
        connection.commit();
        checkpoints.putAll(moved);
        committed = Map.copyOf(checkpoints);
        lastAppliedAt = java.time.Instant.now();
        if (writeGuards) {
            pruneAfterCommit(moved);
        }
        return new Result(applied, skipped, failed);
    }

    /**
     * Deletes the guard rows below the just committed checkpoints in a short transaction of its own. A failure here
     * is harmless (rows below the checkpoint are never consulted) and only logged; the next prune catches up.
     */
    private void pruneAfterCommit(Map<String, EntryId> moved) {
        if (moved.isEmpty()) {
            return;
        }
        try {
            store.prune(connection, moved);
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            LoggerFactory.getLogger(BatchApplier.class).warn("projection '{}': pruning guard rows failed: {}",
                    projection.name(), e.toString());
        }
    }

    /** Runs the handler of one entry (no transaction control); failures are wrapped with their entry. */
    void invoke(Envelope e) {
        if (e.error() != null) {
            throw new EntryFailure(e, e.error());
        }
        if (e.event() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        EventHandler<Object> handler = (EventHandler<Object>) projection.handler(e.message().name()).handler();
        try {
            handler.handle(e.event(), e.message(), connection);
        } catch (Exception ex) {
            throw new EntryFailure(e, ex);
        }
    }

    private Map<String, Set<EntryId>> guardedRows(List<Envelope> batch) throws SQLException {
        Map<String, EntryId> lowest = new HashMap<>();
        for (Envelope e : batch) {
            if (e.position().isAfter(checkpoint(e.stream()))) {
                lowest.merge(e.stream(), e.position(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        return store.guardedFrom(connection, lowest);
    }

    void rollbackQuietly() {
        BatchedWrites.discard(connection);
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure matters more
        }
    }

    /** A handler or decoding failure of one entry. */
    static final class EntryFailure extends RuntimeException {
        final transient Envelope envelope;

        EntryFailure(Envelope envelope, Throwable cause) {
            super(cause);
            this.envelope = envelope;
        }
    }
}
