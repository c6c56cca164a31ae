package dev.streambus.console;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.progress.ProgressListener;

/**
 * The latest progress report of a projection's replay: pass it to the runner's
 * {@code RunnerConfig.builder().progressListener(...)} and to {@link ConsoleServer.Builder#projection}, and the page
 * shows a rebuild's progress while it runs.
 */
public final class RebuildProgress implements ProgressListener {

    private volatile Progress latest;

    @Override
    public void onProgress(Progress progress) {
        latest = progress;
    }

    /** The last report, or null before the first. */
    public Progress latest() {
        return latest;
    }
}
