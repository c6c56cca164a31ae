package dev.streambus.benchmarks.bus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Timing helper: runs a trial a few times unmeasured (warm-up: JIT, connection pools, Redis allocator; on a busy
 * 2-core box the JIT needs ~200k events before publish rates settle), then a few
 * measured rounds, and keeps each round's events/s. Each trial does its own setup and cleanup and times only the
 * part it measures, returning a {@link Timed}.
 */
final class Rounds {

    /**
     * How many events a trial handled, how long the measured part took and, where measured, the CPU it used
     * ({@code null}: not measured, e.g. a subprocess).
     */
    record Timed(long events, long nanos, CpuUse.Spent cpu) {
        Timed(long events, long nanos) {
            this(events, nanos, null);
        }

        /** A window measured by {@link CpuUse}: its wall time is the measured time. */
        Timed(long events, CpuUse.Spent cpu) {
            this(events, cpu.wallNanos(), cpu);
        }

        double perSecond() {
            return events * 1e9 / nanos;
        }
    }

    /** One trial: sets up, times the measured part, cleans up. */
    @FunctionalInterface
    interface Trial {
        Timed run() throws Exception;
    }

    /**
     * Events/s of each measured round; the CPU all measured rounds used together and the events they handled
     * ({@code cpu} null when a round did not measure it).
     */
    record Result(String label, long events, List<Double> rates, CpuUse.Spent cpu, long measuredEvents) {
        double best() {
            return Collections.max(rates);
        }

        double worst() {
            return Collections.min(rates);
        }

        double median() {
            List<Double> sorted = new ArrayList<>(rates);
            Collections.sort(sorted);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        /** (best - worst) / median, in percent: how noisy the rounds were. */
        double spreadPercent() {
            return 100 * (best() - worst()) / median();
        }
    }

    private final int warmups;
    private final int rounds;

    Rounds(int warmups, int rounds) {
        this.warmups = warmups;
        this.rounds = rounds;
    }

    int rounds() {
        return rounds;
    }

    Result measure(String label, Trial trial) throws Exception {
        for (int i = 0; i < warmups; i++) {
            Timed t = trial.run();
            progress("  %-44s warm-up  %,12.0f /s", label, t.perSecond());
        }
        List<Timed> measured = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Timed t = trial.run();
            measured.add(t);
            progress("  %-44s round %d  %,12.0f /s  (%,d in %.2f s)", label, i + 1, t.perSecond(), t.events(),
                    t.nanos() / 1e9);
        }
        return result(label, measured);
    }

    /** The rounds' rates, and their CPU summed when every round measured it. */
    private static Result result(String label, List<Timed> measured) {
        List<Double> rates = measured.stream().map(Timed::perSecond).toList();
        long events = measured.stream().mapToLong(Timed::events).sum();
        CpuUse.Spent cpu = measured.stream().allMatch(t -> t.cpu() != null)
                ? measured.stream().map(Timed::cpu).reduce(CpuUse.Spent::plus).orElse(null) : null;
        return new Result(label, measured.get(measured.size() - 1).events(), rates, cpu, events);
    }

    /** A trial with the id and label it is reported under. */
    record Named(String id, String label, Trial trial) {
    }

    /**
     * Runs the trials in turn, round after round (A B C, A B C, ...) instead of all rounds of A first: on a shared box
     * a change of load then hits every trial alike, so ratios of medians stay meaningful.
     */
    Map<String, Result> interleaved(List<Named> trials) throws Exception {
        Map<String, List<Timed>> measured = new LinkedHashMap<>();
        for (int i = 0; i < warmups + rounds; i++) {
            for (Named named : trials) {
                Timed t = named.trial().run();
                boolean warm = i < warmups;
                if (!warm) {
                    measured.computeIfAbsent(named.id(), k -> new ArrayList<>()).add(t);
                }
                progress("  %-44s %s  %,12.0f /s  (%,d in %.2f s)", named.label(),
                        warm ? "warm-up" : "round " + (i - warmups + 1), t.perSecond(), t.events(), t.nanos() / 1e9);
            }
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (Named named : trials) {
            out.put(named.id(), result(named.label(), measured.get(named.id())));
        }
        return out;
    }

    /** Times {@code body}, which handles {@code events} events. */
    static Timed time(long events, ThrowingRunnable body) throws Exception {
        CpuUse window = CpuUse.start();
        body.run();
        return new Timed(events, window.stop());
    }

    /**
     * Times {@code threads} threads released together until all are done: events {@code 0..events-1} are split into
     * one consecutive share per thread, and each thread calls {@code body.run(i)} for the events of its share, in
     * order. The threads are started and waiting before the clock starts.
     */
    static Timed timeInParallel(int events, int threads, EventBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = thread * events / threads; i < (thread + 1) * events / threads; i++) {
                        body.run(i);
                    }
                    return null;
                }));
            }
            return time(events, () -> {
                go.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a thread of {@link #timeInParallel} does for event {@code i} of its share. */
    @FunctionalInterface
    interface EventBody {
        void run(int i) throws Exception;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Progress goes to stderr so that stdout holds only the report. */
    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
