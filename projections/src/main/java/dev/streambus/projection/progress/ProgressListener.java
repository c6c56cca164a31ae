package dev.streambus.projection.progress;

/**
 * Receives replay progress, on the writing thread, about every report interval and once at the end
 * ({@link Progress#finished()}). Must be quick and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(Progress progress);

    /** Logs each report via SLF4J at INFO. */
    static ProgressListener logging() {
        return new LoggingProgressListener();
    }
}
