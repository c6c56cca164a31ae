package dev.streambus.console;

import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.progress.Progress;
import dev.streambus.redis.EntryId;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A projection shown on the page: its runner, its progress reports, and a rebuild started from the page. */
final class ConsoleProjection {

    /** A rebuild's state as the page shows it. */
    enum RebuildState { IDLE, RUNNING, DONE, FAILED }

    private final ProjectionRunner runner;
    private final RebuildProgress progress;
    private volatile RebuildState state = RebuildState.IDLE;
    private volatile String message;
    private volatile Progress finished;

    ConsoleProjection(ProjectionRunner runner, RebuildProgress progress) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.progress = progress;
    }

    String name() {
        return runner.projection().name();
    }

    ProjectionRunner runner() {
        return runner;
    }

    RebuildState state() {
        return state;
    }

    String message() {
        return message;
    }

    /** The latest report: the finished rebuild's, else the listener's, else null. */
    Progress progress() {
        Progress last = progress == null ? null : progress.latest();
        return state == RebuildState.RUNNING || finished == null ? last : finished;
    }

    /**
     * Checkpoints, or null when the runner is busy writing (a rebuild holds its write lock): waits at most 300 ms so
     * a page refresh never hangs on a running rebuild.
     */
    Map<String, EntryId> checkpointsOrNull() {
        if (state == RebuildState.RUNNING) {
            return null;
        }
        CompletableFuture<Map<String, EntryId>> read = CompletableFuture.supplyAsync(runner::checkpoints);
        try {
            return read.get(300, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Starts {@link ProjectionRunner#rebuildAll()} on its own thread.
     *
     * @throws ApiError 409 if a rebuild started here is still running
     */
    synchronized void startRebuild() {
        if (state == RebuildState.RUNNING) {
            throw ApiError.conflict("projection '" + name() + "' is already rebuilding");
        }
        state = RebuildState.RUNNING;
        message = null;
        finished = null;
        Thread thread = new Thread(() -> {
            try {
                finished = runner.rebuildAll();
                message = finished.describe();
                state = RebuildState.DONE;
            } catch (RuntimeException e) {
                message = e.getMessage();
                state = RebuildState.FAILED;
            }
        }, "console-rebuild-" + name());
        thread.setDaemon(true);
        thread.start();
    }
}
