package dev.streambus.benchmarks.bus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects results and prints the table: events/s per measurement, then ratios with their targets. */
final class Report {

    /** A thread group's CPU is shown by name from this share of the wall time. */
    private static final int CPU_SHOWN_PERCENT = 2;

    private final List<String> environment = new ArrayList<>();
    private final Map<String, Rounds.Result> results = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final List<String> ratios = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> markdownRatios = new ArrayList<>();
    private boolean missed;

    void environment(String line) {
        environment.add(line);
    }

    void note(String line) {
        notes.add(line);
    }

    void add(String id, Rounds.Result result) {
        results.put(id, result);
    }

    void failed(String id, String label, Throwable error) {
        failures.put(id, label + ": FAILED — " + error);
    }

    /** A ratio of two results' medians (and bests); with a target, a plain PASS/MISS verdict. */
    void ratio(String description, String numerator, String denominator, Double target) {
        ratioToBest(description, numerator, List.of(denominator), target);
    }

    /**
     * The ratio of {@code numerator}'s median to the highest median among {@code denominators} (those measured),
     * e.g. against the best of several peers; with a target, a PASS/MISS verdict.
     */
    void ratioToBest(String description, String numerator, List<String> denominators, Double target) {
        Rounds.Result a = results.get(numerator);
        Rounds.Result b = denominators.stream().map(results::get).filter(r -> r != null)
                .max(Comparator.comparingDouble(Rounds.Result::median)).orElse(null);
        if (a == null || b == null) {
            ratios.add(String.format(Locale.ROOT, "  %-52s n/a (a measurement is missing)", description));
            if (target != null) {
                missed = true;
            }
            return;
        }
        double median = a.median() / b.median();
        double best = a.best() / b.best();
        String verdict = "";
        if (target != null) {
            verdict = String.format(Locale.ROOT, "  target >= %.2f  %s", target, verdict(median >= target));
        }
        String against = denominators.size() > 1 ? "  (best peer: " + b.label() + ")" : "";
        ratios.add(String.format(Locale.ROOT, "  %-52s %6.2f  (best/best %.2f)%s%s", description, median, best,
                verdict, against));
        markdownRatios.add(String.format(Locale.ROOT, "| %s%s | %.2f | %s |", description,
                denominators.size() > 1 ? " (" + b.label() + ")" : "", median,
                target == null ? "" : String.format(Locale.ROOT, ">= %.2f: %s", target,
                        median >= target ? "PASS" : "MISS")));
    }

    /** A target on one result's spread between rounds (best - worst) / median. */
    void spread(String description, String id, double maxPercent) {
        Rounds.Result r = results.get(id);
        if (r == null) {
            ratios.add(String.format(Locale.ROOT, "  %-52s n/a (a measurement is missing)", description));
            missed = true;
            return;
        }
        ratios.add(String.format(Locale.ROOT, "  %-52s %5.1f%%  target <= %.0f%%  %s", description,
                r.spreadPercent(), maxPercent, verdict(r.spreadPercent() <= maxPercent)));
    }

    /** A measured value (not a rate) with an upper bound, e.g. a latency percentile. */
    void atMost(String description, double value, String unit, double limit) {
        ratios.add(String.format(Locale.ROOT, "  %-52s %6.2f %s  target <= %.2f %s  %s", description, value, unit,
                limit, unit, verdict(value <= limit)));
    }

    /** A line among the targets without a verdict (e.g. the other percentiles). */
    void figure(String line) {
        ratios.add("  " + line);
    }

    /** A target that could not be measured (counts as missed). */
    void unmeasured(String description, Throwable error) {
        ratios.add(String.format(Locale.ROOT, "  %-52s FAILED — %s", description, error));
        missed = true;
    }

    private String verdict(boolean pass) {
        missed |= !pass;
        return pass ? "PASS" : "MISS";
    }

    boolean anyTargetMissed() {
        return missed;
    }

    void print(PrintStream out) {
        out.println();
        out.println("== streambus bus benchmark ==");
        environment.forEach(line -> out.println("  " + line));
        out.println();
        out.printf(Locale.ROOT, "  %-66s %12s %12s %12s %7s%n", "measurement", "median ev/s", "best ev/s",
                "worst ev/s", "spread");
        results.values().forEach(r -> out.printf(Locale.ROOT, "  %-66s %,12.0f %,12.0f %,12.0f %6.1f%%%n",
                r.label(), r.median(), r.best(), r.worst(), r.spreadPercent()));
        failures.values().forEach(f -> out.println("  " + f));
        printCpu(out);
        out.println();
        out.println("  ratios (of medians) and targets");
        ratios.forEach(out::println);
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(n -> out.println("  " + n));
        }
        out.println();
        printMarkdown(out);
    }

    /** One row of the CPU table, its figures formatted: microseconds per event, "n/a" where Redis is unknown. */
    private record CpuRow(String label, String wall, String all, String redis, String threads) {

        static CpuRow of(Rounds.Result r) {
            CpuUse.Spent cpu = r.cpu();
            double events = r.measuredEvents();
            long threads = cpu.threadNanos().values().stream().mapToLong(Long::longValue).sum();
            StringBuilder shown = new StringBuilder();
            cpu.threadNanos().entrySet().stream()
                    .filter(e -> e.getValue() * 100 >= cpu.wallNanos() * CPU_SHOWN_PERCENT)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> shown.append(shown.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                            .append(micros(e.getValue(), events)));
            boolean redisKnown = cpu.redisNanos() >= 0;
            return new CpuRow(r.label(), micros(cpu.wallNanos(), events),
                    redisKnown ? micros(threads + cpu.redisNanos(), events) : "n/a",
                    redisKnown ? micros(cpu.redisNanos(), events) : "n/a", shown.toString());
        }

        private static String micros(long nanos, double events) {
            return String.format(Locale.ROOT, "%.2f", nanos / 1000.0 / events);
        }
    }

    private List<CpuRow> cpuRows() {
        return results.values().stream().filter(r -> r.cpu() != null).map(CpuRow::of).toList();
    }

    /**
     * Where each row's time went: wall time and CPU per event over its measured rounds, Redis's share and this JVM's
     * thread groups (those under {@value #CPU_SHOWN_PERCENT} % of the wall time only in the sum).
     */
    private void printCpu(PrintStream out) {
        List<CpuRow> rows = cpuRows();
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "  CPU per event over the measured rounds, in microseconds (Redis: INFO CPU; threads "
                + "of this JVM by name, those under %d %% of the wall time counted only in the sum)%n",
                CPU_SHOWN_PERCENT);
        out.printf(Locale.ROOT, "  %-66s %8s %8s %8s  %s%n", "measurement", "wall", "all CPU", "Redis",
                "JVM threads");
        rows.forEach(row -> out.printf(Locale.ROOT, "  %-66s %8s %8s %8s  %s%n", row.label(), row.wall(), row.all(),
                row.redis(), row.threads()));
    }

    /** The same figures as Markdown tables, to paste into the README. */
    private void printMarkdown(PrintStream out) {
        out.println("Markdown (medians):");
        out.println();
        out.println("| measurement | median events/s | spread |");
        out.println("| --- | --- | --- |");
        results.values().forEach(r -> out.printf(Locale.ROOT, "| %s | %,.0f | %.0f %% |%n", r.label(), r.median(),
                r.spreadPercent()));
        if (!markdownRatios.isEmpty()) {
            out.println();
            out.println("| ratio of medians | this run | target |");
            out.println("| --- | --- | --- |");
            markdownRatios.forEach(out::println);
        }
        List<CpuRow> rows = cpuRows();
        if (!rows.isEmpty()) {
            out.println();
            out.println("| CPU per event (µs) | wall | all CPU | Redis | JVM threads |");
            out.println("| --- | --- | --- | --- | --- |");
            rows.forEach(row -> out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.label(), row.wall(),
                    row.all(), row.redis(), row.threads()));
        }
        out.println();
    }
}
