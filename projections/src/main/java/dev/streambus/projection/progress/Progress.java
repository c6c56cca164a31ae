package dev.streambus.projection.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * A progress report of a replay.
 *
 * @param projection       projection name
 * @param phase            e.g. {@code rebuild}, {@code catch-up}
 * @param done             entries processed so far (applied, skipped or recorded as failed)
 * @param total            entries to process: the sum of XLEN of the replayed streams when the replay started
 *                         (entries published meanwhile may push {@code done} past it)
 * @param eventsPerSecond  while running: the recent rate (over {@link ProgressMeter#RATE_WINDOW}; 0 before it can be
 *                         measured); in the {@code finished} report: the average over the whole replay
 * @param eta              estimated time left at the recent rate; {@link Duration#ZERO} when done, null before any
 *                         rate
 * @param elapsed          time since the start
 * @param finished         true for the last report of the replay
 */
public record Progress(String projection, String phase, long done, long total, double eventsPerSecond,
                       Duration eta, Duration elapsed, boolean finished) {

    /** done/total in percent, capped at 100, and below 100 until {@code done} reaches {@code total}. */
    public double percent() {
        if (total <= 0 || done >= total) {
            return 100.0;
        }
        return Math.floor(1000.0 * done / total) / 10; // floor: 99.96 % is shown as 99.9, not 100.0
    }

    /**
     * For a person, e.g. {@code rebuild order_summary: 1,234/5,000 events (24.6%), 8,100 events/s, ETA 3.0s}, or
     * when finished {@code rebuild order_summary finished: 5,000/5,000 events (100.0%) in 620ms, 8,065 events/s}.
     */
    public String describe() {
        String head = String.format(Locale.ROOT, "%s %s%s: %,d/%,d events (%.1f%%)", phase, projection,
                finished ? " finished" : "", done, total, percent());
        return finished ? head + " in " + duration(elapsed) + ", " + rate(eventsPerSecond) + " events/s"
                : head + ", " + rate(eventsPerSecond) + " events/s, ETA " + (eta == null ? "?" : duration(eta));
    }

    /** Events per second: whole numbers (grouped) from 100 up, one decimal below; {@code ?} when not a rate. */
    public static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond) || perSecond < 0) {
            return "?";
        }
        return Math.round(perSecond * 10) >= 1000 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** {@code 0s}, {@code 37ms}, {@code 12.3s}, {@code 4m05s}, {@code 2h03m}. */
    public static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
