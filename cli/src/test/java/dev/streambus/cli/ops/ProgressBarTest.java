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
        assertEquals("rebuild orders [######..................]  25.0%  2,500/10,000  1,250 ev/s  ETA 6.0s",
                ProgressBar.render(progress(2500, 10000, 1250.4, Duration.ofSeconds(6), Duration.ofSeconds(2),
                        false)));
        assertEquals("rebuild orders [........................]   0.0%  0/10  0.0 ev/s  ETA --",
                ProgressBar.render(progress(0, 10, 0, null, Duration.ofMillis(5), false)));
        assertEquals("rebuild orders [########################] 100.0%  12/10  42.5 ev/s  ETA 0s",
                ProgressBar.render(progress(12, 10, 42.5, Duration.ZERO, Duration.ofSeconds(1), true)),
                "done may pass total (entries published meanwhile): capped at 100 %");
        assertEquals("rebuild orders [########################] 100.0%  0/0  0.0 ev/s  ETA 0s",
                ProgressBar.render(progress(0, 0, 0, Duration.ZERO, Duration.ofMillis(1), true)));
        assertEquals("rebuild orders [############............]  50.0%  500,000/1,000,000  3,000 ev/s  ETA 2m46s",
                ProgressBar.render(progress(500_000, 1_000_000, 3000, Duration.ofSeconds(166),
                        Duration.ofSeconds(166), false)));
    }

    @Test
    void theBarIsFullOnlyWhenDone() {
        assertEquals("rebuild orders [#######################.]  99.9%  9,999/10,000  1,000 ev/s  ETA 1ms",
                ProgressBar.render(progress(9_999, 10_000, 1000, Duration.ofMillis(1), Duration.ofSeconds(10),
                        false)));
        assertEquals("rebuild orders [#######################.]  97.9%  979/1,000  10.0 ev/s  ETA 2.1s",
                ProgressBar.render(progress(979, 1_000, 10, Duration.ofMillis(2100), Duration.ofSeconds(98),
                        false)));
        assertEquals("rebuild orders [########################] 100.0%  1,000/1,000  10.0 ev/s  ETA 0s",
                ProgressBar.render(progress(1_000, 1_000, 10, Duration.ZERO, Duration.ofSeconds(100), true)));
    }

    @Test
    void summary() {
        assertEquals("rebuilt orders: 10,000 events in 4.2s (2,381/s)",
                ProgressBar.summary(progress(10000, 10000, 2380.95, Duration.ZERO, Duration.ofMillis(4200), true)));
        assertEquals("rebuilt orders: 15 events in 37ms (405/s)",
                ProgressBar.summary(progress(15, 15, 405.4, Duration.ZERO, Duration.ofMillis(37), true)));
    }

    @Test
    void terminalRedrawsInPlaceOtherwiseOneLinePerReport() {
        StringWriter tty = new StringWriter();
        ProgressPrinter terminal = new ProgressPrinter(new PrintWriter(tty), true);
        terminal.onProgress(progress(500_000, 1_000_000, 3000, Duration.ofSeconds(166), Duration.ofSeconds(166),
                false));
        terminal.onProgress(progress(1_000_000, 1_000_000, 3000, Duration.ZERO, Duration.ofSeconds(333), true));
        String first = "rebuild orders [############............]  50.0%  500,000/1,000,000  3,000 ev/s  ETA 2m46s";
        String last = "rebuild orders [########################] 100.0%  1,000,000/1,000,000  3,000 ev/s  ETA 0s";
        assertEquals("\r" + first + "\r" + last + " ".repeat(first.length() - last.length()) + System.lineSeparator(),
                tty.toString());

        StringWriter log = new StringWriter();
        ProgressPrinter lines = new ProgressPrinter(new PrintWriter(log), false);
        lines.onProgress(progress(1, 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), false));
        lines.onProgress(progress(2, 2, 1, Duration.ZERO, Duration.ofSeconds(2), true));
        assertEquals(2, log.toString().lines().count());
    }
}
