package dev.streambus.cli.ops;

import dev.streambus.projection.progress.Progress;

import java.util.Locale;

/**
 * The text of a replay's progress, a pure function of a {@link Progress}, e.g.
 * {@code rebuild order_summary [############............]  50.0%  5,000/10,000  2,500 ev/s  ETA 2.0s}. The bar is
 * full only when the replay is done (cells are rounded down).
 */
public final class ProgressBar {

    /** Cells of the bar between the brackets. */
    public static final int WIDTH = 24;

    private ProgressBar() {
    }

    /** The progress line (no line break). */
    public static String render(Progress p) {
        double percent = p.percent();
        int filled = (int) Math.floor(percent / 100.0 * WIDTH);
        return String.format(Locale.ROOT, "%s %s [%s%s] %5.1f%%  %,d/%,d  %s ev/s  ETA %s", p.phase(),
                p.projection(), "#".repeat(filled), ".".repeat(WIDTH - filled), percent, p.done(), p.total(),
                Progress.rate(p.eventsPerSecond()), p.eta() == null ? "--" : Progress.duration(p.eta()));
    }

    /** The final line: {@code rebuilt <name>: <done> events in <elapsed> (<rate>/s)}. */
    public static String summary(Progress p) {
        return String.format(Locale.ROOT, "rebuilt %s: %,d events in %s (%s/s)", p.projection(), p.done(),
                Progress.duration(p.elapsed()), Progress.rate(p.eventsPerSecond()));
    }
}
