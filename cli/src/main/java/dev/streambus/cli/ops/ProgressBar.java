package dev.streambus.cli.ops;

import dev.streambus.projection.progress.Progress;

import java.time.Duration;
import java.util.Locale;

/**
 * The text of a replay's progress, a pure function of a {@link Progress}, e.g.
 * {@code rebuild order_summary [##########..........]  50.0%  5000/10000  2500 ev/s  ETA 2.0s}.
 */
public final class ProgressBar {

    /** Cells of the bar between the brackets. */
    public static final int WIDTH = 24;

    private ProgressBar() {
    }

    /** The progress line (no line break). */
    public static String render(Progress p) {
        double percent = p.percent();
        int filled = (int) Math.round(percent / 100.0 * WIDTH);
        return String.format(Locale.ROOT, "%s %s [%s%s] %5.1f%%  %d/%d  %s ev/s  ETA %s", p.phase(), p.projection(),
                "#".repeat(filled), ".".repeat(WIDTH - filled), percent, p.done(), p.total(),
                rate(p.eventsPerSecond()), p.eta() == null ? "--" : duration(p.eta()));
    }

    /** The final line: {@code rebuilt <name>: <done> events in <elapsed> (<rate>/s)}. */
    public static String summary(Progress p) {
        return "rebuilt " + p.projection() + ": " + p.done() + " events in " + duration(p.elapsed()) + " ("
                + rate(p.eventsPerSecond()) + "/s)";
    }

    /** Events per second: whole numbers from 100 up, one decimal below. */
    static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond) || perSecond < 0) {
            return "?";
        }
        return Math.round(perSecond * 10) >= 1000 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** {@code 0.4s}, {@code 12.3s}, {@code 4m05s}, {@code 2h03m}. */
    static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
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
