package dev.streambus.benchmarks.bus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static Rounds.Result rates(String label, double... perSecond) {
        return new Rounds.Result(label, 1, Arrays.stream(perSecond).boxed().toList(), null, perSecond.length);
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

    @Test
    void cpuPerEventShowsWallRedisAndTheBusyThreadGroups() {
        Report report = new Report();
        // 1,000 events in 10 ms of wall time: netty 6 ms, worker 3 ms, a timer 0.1 ms (under 2 %), Redis 2.5 ms
        CpuUse.Spent cpu = new CpuUse.Spent(Map.of("redisson-netty", 6_000_000L, "worker", 3_000_000L,
                "timer", 100_000L), 2_500_000L, 10_000_000L);
        report.add("consume", new Rounds.Result("ours consume", 1_000, List.of(100_000.0), cpu, 1_000));
        report.add("subprocess", rates("redis-benchmark", 300_000));

        String text = printed(report);
        assertTrue(text.contains("ours consume"), text);
        assertTrue(text.matches("(?s).*ours consume\\s+10\\.00\\s+11\\.60\\s+2\\.50\\s+"
                + "redisson-netty 6\\.00, worker 3\\.00\\n.*"), text);
        assertFalse(text.contains("timer 0.10"), text);
        assertTrue(text.contains("| ours consume | 10.00 | 11.60 | 2.50 | redisson-netty 6.00, worker 3.00 |"), text);
        assertFalse(text.matches("(?s).*redis-benchmark\\s+\\d+\\.\\d\\d\\s.*"), text);
    }
}
