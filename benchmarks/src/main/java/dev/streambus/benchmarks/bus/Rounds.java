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

    /** How many events a trial handled and how long the measured part took. */
    record Timed(long events, long nanos) {
        double perSecond() {
            return events * 1e9 / nanos;
        }
    }

    /** One trial: sets up, times the measured part, cleans up. */
    @FunctionalInterface
    interface Trial {
        Timed run() throws Exception;
    }

    /** Events/s of each measured round. */
    record Result(String label, long events, List<Double> rates) {
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
        List<Double> rates = new ArrayList<>();
        long events = 0;
        for (int i = 0; i < rounds; i++) {
            Timed t = trial.run();
            rates.add(t.perSecond());
            events = t.events();
            progress("  %-44s round %d  %,12.0f /s  (%,d in %.2f s)", label, i + 1, t.perSecond(), t.events(),
                    t.nanos() / 1e9);
        }
        return new Result(label, events, rates);
    }

    /** A trial with the id and label it is reported under. */
    record Named(String id, String label, Trial trial) {
    }

    /**
     * Runs the trials in turn, round after round (A B C, A B C, ...) instead of all rounds of A first: on a shared box
     * a change of load then hits every trial alike, so ratios of medians stay meaningful.
     */
    Map<String, Result> interleaved(List<Named> trials) throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Long> events = new LinkedHashMap<>();
        for (int i = 0; i < warmups + rounds; i++) {
            for (Named named : trials) {
                Timed t = named.trial().run();
                boolean warm = i < warmups;
                if (!warm) {
                    rates.computeIfAbsent(named.id(), k -> new ArrayList<>()).add(t.perSecond());
                    events.put(named.id(), t.events());
                }
                progress("  %-44s %s  %,12.0f /s  (%,d in %.2f s)", named.label(),
                        warm ? "warm-up" : "round " + (i - warmups + 1), t.perSecond(), t.events(), t.nanos() / 1e9);
            }
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (Named named : trials) {
            out.put(named.id(), new Result(named.label(), events.get(named.id()), rates.get(named.id())));
        }
        return out;
    }

    /** Times {@code body}, which handles {@code events} events. */
    static Timed time(long events, ThrowingRunnable body) throws Exception {
        long start = System.nanoTime();
        body.run();
        return new Timed(events, System.nanoTime() - start);
    }

    /**
     * Times {@code threads} threads released together, thread {@code t} running {@code body.run(t)}, until all are
     * done ({@code events} events in all). The threads are started and waiting before the clock starts.
     */
    static Timed timeInParallel(long events, int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    body.run(thread);
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

    /** What thread {@code thread} of {@link #timeInParallel} does. */
    @FunctionalInterface
    interface ThreadBody {
        void run(int thread) throws Exception;
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
