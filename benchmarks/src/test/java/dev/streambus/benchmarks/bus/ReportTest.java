package dev.streambus.benchmarks.bus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static Rounds.Result rates(String label, double... perSecond) {
        return new Rounds.Result(label, 1, Arrays.stream(perSecond).boxed().toList());
    }

    private static String printed(Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ratioToBestDividesByTheFastestPeer() {
        Report report = new Report();
        report.add("ours", rates("ours", 120));
        report.add("slow", rates("slow peer", 50));
        report.add("fast", rates("fast peer", 100));

        report.ratioToBest("ours / best peer", "ours", List.of("slow", "fast", "absent"), 1.2);

        String text = printed(report);
        assertTrue(text.contains("1.20  (best/best 1.20)"), text);
        assertTrue(text.contains("PASS") && text.contains("best peer: fast peer"), text);
        assertFalse(report.anyTargetMissed());
    }

    @Test
    void theFiguresArePrintedAgainAsMarkdownTablesToPaste() {
        Report report = new Report();
        report.add("ours", rates("ours publishAll", 100, 120, 140));
        report.add("peer", rates("peer", 200));
        report.ratio("ours / peer", "ours", "peer", 0.5);
        report.ratio("ours / peer, no target", "ours", "peer", null);

        String text = printed(report);
        assertTrue(text.contains("| ours publishAll | 120 | 33 % |"), text);
        assertTrue(text.contains("| ours / peer | 0.60 | >= 0.50: PASS |"), text);
        assertTrue(text.contains("| ours / peer, no target | 0.60 |  |"), text);
    }

    @Test
    void spreadAndLatencyAboveTheirLimitsAreMisses() {
        Report report = new Report();
        report.add("consume", rates("consume", 80, 100, 120)); // (120 - 80) / 100 = 40 %
        report.spread("spread", "consume", 25);
        assertTrue(report.anyTargetMissed());

        Report latency = new Report();
        latency.atMost("p99", 4.9, "ms", 5.0);
        assertFalse(latency.anyTargetMissed());
        latency.atMost("p99", 5.1, "ms", 5.0);
        assertTrue(latency.anyTargetMissed());
        assertTrue(printed(latency).contains("MISS"));
    }
}
