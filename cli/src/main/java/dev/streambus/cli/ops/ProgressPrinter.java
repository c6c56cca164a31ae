package dev.streambus.cli.ops;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.progress.ProgressListener;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Shows {@link ProgressBar} lines on stderr: on a terminal one line redrawn in place ({@code \r}), otherwise (logs,
 * pipes) one line per report. How often reports come is the runner's {@link #interval(boolean)}.
 */
final class ProgressPrinter implements ProgressListener {

    private final PrintWriter err;
    private final boolean terminal;
    private int lastLength;

    ProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Report interval: frequent redraws on a terminal, a line about every 2 s otherwise. */
    static Duration interval(boolean terminal) {
        return terminal ? Duration.ofMillis(250) : Duration.ofSeconds(2);
    }

    @Override
    public synchronized void onProgress(Progress progress) {
        String line = ProgressBar.render(progress);
        if (terminal) {
            // pad over the rest of a longer previous line
            String pad = " ".repeat(Math.max(0, lastLength - line.length()));
            err.print("\r" + line + pad);
            lastLength = line.length();
            if (progress.finished()) {
                err.println();
                lastLength = 0;
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends a partly drawn terminal line (when the replay stopped before its final report). */
    synchronized void endLine() {
        if (terminal && lastLength > 0) {
            err.println();
            err.flush();
            lastLength = 0;
        }
    }
}
