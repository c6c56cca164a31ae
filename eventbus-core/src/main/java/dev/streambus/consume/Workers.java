package dev.streambus.consume;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the {@link EntryProcessor} over a batch with the configured parallelism and {@link ConsumerConfig.Ordering}. */
final class Workers implements AutoCloseable {

    private final EntryProcessor processor;
    private final ConsumerConfig config;
    private final ExecutorService pool;

    Workers(EntryProcessor processor, ConsumerConfig config) {
        this.processor = processor;
        this.config = config;
        if (config.workers() > 1) {
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
                Thread t = new Thread(r, "streambus-worker-" + config.consumer() + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
    }

    /** Outcomes per delivery, in batch order. */
    Map<Delivery, Outcome> process(List<Delivery> batch) throws InterruptedException {
        Map<Delivery, Outcome> outcomes = new IdentityHashMap<>();
        if (pool == null || batch.size() == 1) {
            batch.forEach(d -> outcomes.put(d, processor.process(d)));
            return outcomes;
        }
        List<List<Delivery>> lanes = new ArrayList<>();
        if (config.ordering() == ConsumerConfig.Ordering.PER_STREAM) {
            Map<String, List<Delivery>> byStream = new LinkedHashMap<>();
            batch.forEach(d -> byStream.computeIfAbsent(d.entry().stream(), s -> new ArrayList<>()).add(d));
            lanes.addAll(byStream.values());
        } else {
            batch.forEach(d -> lanes.add(List.of(d)));
        }
        List<Future<Map<Delivery, Outcome>>> futures = new ArrayList<>();
        for (List<Delivery> lane : lanes) {
            futures.add(pool.submit(() -> {
                Map<Delivery, Outcome> part = new IdentityHashMap<>();
                lane.forEach(d -> part.put(d, processor.process(d)));
                return part;
            }));
        }
        for (Future<Map<Delivery, Outcome>> future : futures) {
            try {
                outcomes.putAll(future.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("entry processor failed unexpectedly", e.getCause());
            }
        }
        return outcomes;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
