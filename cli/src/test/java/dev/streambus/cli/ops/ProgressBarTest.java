package dev.streambus.cli.ops;

import dev.streambus.projection.progress.Progress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {

    private static Progress progress(long done, long total, double rate, Duration eta, Duration elapsed,
                                     boolean finished) {
        return new Progress("orders", "rebuild", done, total, rate, eta, elapsed, finished);
    }

    @Test
    void rendersDoneTotalPercentRateAndEta() {
        assertEquals("rebuild orders [######..................]  25.0%  2500/10000  1250 ev/s  ETA 6.0s",
                ProgressBar.render(progress(2500, 10000, 1250.4, Duration.ofSeconds(6), Duration.ofSeconds(2),
                        false)));
        assertEquals("rebuild orders [........................]   0.0%  0/10  0.0 ev/s  ETA --",
                ProgressBar.render(progress(0, 10, 0, null, Duration.ofMillis(5), false)));
        assertEquals("rebuild orders [########################] 100.0%  12/10  42.5 ev/s  ETA 0.0s",
                ProgressBar.render(progress(12, 10, 42.5, Duration.ZERO, Duration.ofSeconds(1), true)),
                "done may pass total (entries published meanwhile): capped at 100 %");
        assertEquals("rebuild orders [########################] 100.0%  0/0  0.0 ev/s  ETA 0.0s",
                ProgressBar.render(progress(0, 0, 0, Duration.ZERO, Duration.ofMillis(1), true)));
        assertEquals("rebuild orders [############............]  50.0%  500000/1000000  3000 ev/s  ETA 2m46s",
                ProgressBar.render(progress(500_000, 1_000_000, 3000, Duration.ofSeconds(166),
                        Duration.ofSeconds(166), false)));
    }

    @Test
    void summaryAndDurations() {
        assertEquals("rebuilt orders: 10000 events in 4.2s (2381/s)",
                ProgressBar.summary(progress(10000, 10000, 2380.95, Duration.ZERO, Duration.ofMillis(4200), true)));
        assertEquals("0.0s", ProgressBar.duration(Duration.ZERO));
        assertEquals("59.9s", ProgressBar.duration(Duration.ofMillis(59_949)));
        assertEquals("1m00s", ProgressBar.duration(Duration.ofSeconds(60)));
        assertEquals("2h03m", ProgressBar.duration(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59)));
        assertEquals("7.5", ProgressBar.rate(7.49));
        assertEquals("100", ProgressBar.rate(99.99));
    }

    @Test
    void terminalRedrawsInPlaceOtherwiseOneLinePerReport() {
        StringWriter tty = new StringWriter();
        ProgressPrinter terminal = new ProgressPrinter(new PrintWriter(tty), true);
        terminal.onProgress(progress(500_000, 1_000_000, 3000, Duration.ofSeconds(166), Duration.ofSeconds(166),
                false));
        terminal.onProgress(progress(1_000_000, 1_000_000, 3000, Duration.ZERO, Duration.ofSeconds(333), true));
        String first = "rebuild orders [############............]  50.0%  500000/1000000  3000 ev/s  ETA 2m46s";
        String last = "rebuild orders [########################] 100.0%  1000000/1000000  3000 ev/s  ETA 0.0s";
        assertEquals("\r" + first + "\r" + last + " ".repeat(first.length() - last.length()) + System.lineSeparator(),
                tty.toString());

        StringWriter log = new StringWriter();
        ProgressPrinter lines = new ProgressPrinter(new PrintWriter(log), false);
        lines.onProgress(progress(1, 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), false));
        lines.onProgress(progress(2, 2, 1, Duration.ZERO, Duration.ofSeconds(2), true));
        assertEquals(2, log.toString().lines().count());
    }
}
