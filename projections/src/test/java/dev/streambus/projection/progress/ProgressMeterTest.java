package dev.streambus.projection.progress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate and ETA from a ticking fake clock: the estimate follows the recent speed, not the average since the start. */
class ProgressMeterTest {

    private long now = TimeUnit.HOURS.toNanos(5); // any origin: only differences count
    private final List<Progress> reports = new ArrayList<>();

    private ProgressMeter meter(long total) {
        return new ProgressMeter("orders", "rebuild", total, reports::add, Duration.ofSeconds(2), () -> now);
    }

    private void after(Duration d) {
        now += d.toNanos();
    }

    private Progress last() {
        return reports.get(reports.size() - 1);
    }

    @Test
    void aSlowStartDoesNotDragTheEta() {
        ProgressMeter meter = meter(48_000);
        after(Duration.ofSeconds(5)); // connecting, first read, warming up
        meter.advance(100);
        assertNull(last().eta(), "no rate from one batch");
        for (int s = 0; s < 4; s++) { // then 1,000 events/s, 100 per 100 ms
            for (int i = 0; i < 10; i++) {
                after(Duration.ofMillis(100));
                meter.advance(100);
            }
        }
        Progress p = last();
        assertEquals(4_100, p.done());
        assertEquals(1_000, p.eventsPerSecond(), 0.001, p::toString);
        assertEquals(Duration.ofMillis(43_900), p.eta(), "(48,000 - 4,100) / 1,000 per s; the average since the "
                + "start (4,100 / 9 s) would say 96 s");
    }

    @Test
    void theEtaFollowsASlowdownWithinTheWindow() {
        ProgressMeter meter = meter(100_000);
        meter.advance(0);
        for (int s = 0; s < 30; s++) { // 30 s at 1,000/s
            after(Duration.ofSeconds(1));
            meter.advance(1_000);
        }
        assertEquals(1_000, last().eventsPerSecond(), 0.001);
        for (int s = 0; s < 10; s++) { // then 10 s at 100/s: the window holds only the slow part
            after(Duration.ofSeconds(1));
            meter.advance(100);
        }
        Progress p = last();
        assertEquals(31_000, p.done());
        assertEquals(100, p.eventsPerSecond(), 0.001, p::toString);
        assertEquals(Duration.ofSeconds(690), p.eta());
    }

    @Test
    void theFinalReportCarriesTheAverageAndNoEta() {
        ProgressMeter meter = meter(3_000);
        after(Duration.ofSeconds(1));
        meter.advance(1_000);
        after(Duration.ofSeconds(2));
        meter.advance(2_000);
        Progress done = meter.finish();
        assertTrue(done.finished());
        assertEquals(Duration.ZERO, done.eta());
        assertEquals(1_000, done.eventsPerSecond(), 0.001, "3,000 events in 3 s");
        assertEquals(Duration.ofSeconds(3), done.elapsed());
        assertEquals(done, last());
    }

    @Test
    void describedForAPerson() {
        assertEquals("rebuild order_summary: 1,234/5,000 events (24.6%), 8,100 events/s, ETA 465ms",
                new Progress("order_summary", "rebuild", 1_234, 5_000, 8_100, Duration.ofMillis(465),
                        Duration.ofSeconds(1), false).describe());
        assertEquals("rebuild order_summary: 0/5,000 events (0.0%), 0.0 events/s, ETA ?",
                new Progress("order_summary", "rebuild", 0, 5_000, 0, null, Duration.ofSeconds(1), false)
                        .describe());
        assertEquals("rebuild order_summary finished: 15/15 events (100.0%) in 37ms, 405 events/s",
                new Progress("order_summary", "rebuild", 15, 15, 405.4, Duration.ZERO, Duration.ofMillis(37), true)
                        .describe());
        assertEquals("99.9", String.valueOf(new Progress("p", "rebuild", 9_999, 10_000, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), false).percent()), "100 % only when done");
    }

    @Test
    void durationsAndRates() {
        assertEquals("0s", Progress.duration(Duration.ZERO));
        assertEquals("999ms", Progress.duration(Duration.ofMillis(999)));
        assertEquals("59.9s", Progress.duration(Duration.ofMillis(59_949)));
        assertEquals("1m00s", Progress.duration(Duration.ofSeconds(60)));
        assertEquals("2h03m", Progress.duration(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59)));
        assertEquals("7.5", Progress.rate(7.49));
        assertEquals("100", Progress.rate(99.99));
        assertEquals("12,346", Progress.rate(12_345.6));
        assertEquals("?", Progress.rate(Double.NaN));
    }
}
