package dev.streambus.benchmarks.bus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine's CPU time split (Linux {@code /proc/stat}, all CPUs), to say how much of a run's time the hypervisor
 * gave to other guests (steal) and how much was left idle. On a shared virtual machine steal makes round trips and
 * wake-ups slower from one minute to the next: a report that shows it can be read for what it is.
 */
final class CpuTimes {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long[] ticks; // user nice system idle iowait irq softirq steal, or null where unknown

    private CpuTimes(long[] ticks) {
        this.ticks = ticks;
    }

    /** Now; empty figures (printed as n/a) where {@code /proc/stat} cannot be read. */
    static CpuTimes now() {
        try {
            for (String line : Files.readAllLines(PROC_STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] parts = line.trim().split("\\s+");
                    long[] ticks = new long[8];
                    for (int i = 0; i < ticks.length && i + 1 < parts.length; i++) {
                        ticks[i] = Long.parseLong(parts[i + 1]);
                    }
                    return new CpuTimes(ticks);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: the report says n/a
        }
        return new CpuTimes(null);
    }

    /** "steal x %, idle y % of all CPU time since {@code start}", or "n/a". */
    String since(CpuTimes start) {
        if (ticks == null || start.ticks == null) {
            return "n/a";
        }
        long total = 0;
        long[] delta = new long[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            delta[i] = ticks[i] - start.ticks[i];
            total += delta[i];
        }
        if (total <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "steal %.1f %%, idle %.1f %% of all CPU time", 100.0 * delta[7] / total,
                100.0 * (delta[3] + delta[4]) / total);
    }
}
