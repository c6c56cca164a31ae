package dev.streambus.consume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs the handling of each delivery on {@code workers} threads, in the {@link ConsumerConfig.Ordering}: one worker
 * handles everything in the order it was submitted (read order); {@code PER_STREAM} with more workers gives each
 * stream a lane whose entries run one after another in submission order, lanes in parallel (taking turns on the
 * threads); {@code NONE} runs any entry on any worker.
 */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;
    private final boolean lanes;
    private final int workers;
    private final ConsumerConfig.Ordering ordering;
    private final Map<String, Lane> byStream = new ConcurrentHashMap<>();

    Workers(ConsumerConfig config) {
        this.pool = Executors.newFixedThreadPool(config.workers(), config.threadFactory());
        this.workers = config.workers();
        this.ordering = config.ordering();
        this.lanes = workers > 1 && ordering == ConsumerConfig.Ordering.PER_STREAM;
    }

    /**
     * Runs {@code handler} for each delivery, after the earlier deliveries its ordering puts first (one task per
     * worker lane rather than per entry: fewer hand-offs between threads).
     */
    void submit(List<Delivery> deliveries, Consumer<Delivery> handler) {
        if (deliveries.isEmpty()) {
            return;
        }
        if (ordering == ConsumerConfig.Ordering.NONE && workers > 1) {
            deliveries.forEach(d -> pool.execute(() -> handler.accept(d)));
        } else if (lanes) {
            Map<String, List<Delivery>> perStream = new LinkedHashMap<>();
            deliveries.forEach(d -> perStream.computeIfAbsent(d.entry().stream(), s -> new ArrayList<>()).add(d));
            perStream.forEach((stream, part) ->
                    byStream.computeIfAbsent(stream, s -> new Lane()).execute(() -> part.forEach(handler)));
        } else {
            pool.execute(() -> deliveries.forEach(handler));
        }
    }

    /** Stops the threads, interrupting handlers still running; entries not handled stay pending (redone later). */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One stream's entries: one at a time, in order, each turn queued behind the other lanes' turns. */
    private final class Lane implements Executor {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean scheduled;

        @Override
        public synchronized void execute(Runnable handling) {
            queue.add(handling);
            if (!scheduled) {
                scheduled = true;
                pool.execute(this::runOne);
            }
        }

        private void runOne() {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
            }
            try {
                next.run();
            } finally {
                synchronized (this) {
                    scheduled = !queue.isEmpty();
                    if (scheduled) {
                        try {
                            pool.execute(this::runOne);
                        } catch (RejectedExecutionException e) {
                            queue.clear(); // closing: left pending
                        }
                    }
                }
            }
        }
    }
}
