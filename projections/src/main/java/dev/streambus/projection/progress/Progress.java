package dev.streambus.projection.progress;

import java.time.Duration;

/**
 * A progress report of a replay.
 *
 * @param projection       projection name
 * @param phase            e.g. {@code rebuild}, {@code catch-up}
 * @param done             entries processed so far (applied, skipped or recorded as failed)
 * @param total            entries to process: the sum of XLEN of the replayed streams when the replay started
 *                         (entries published meanwhile may push {@code done} past it)
 * @param eventsPerSecond  average rate since the start
 * @param eta              estimated time left at that rate; {@link Duration#ZERO} when done, null before any rate
 * @param elapsed          time since the start
 * @param finished         true for the last report of the replay
 */
public record Progress(String projection, String phase, long done, long total, double eventsPerSecond,
                       Duration eta, Duration elapsed, boolean finished) {

    /** done/total in percent, capped at 100. */
    public double percent() {
        return total <= 0 ? 100.0 : Math.min(100.0, 100.0 * done / total);
    }
}
