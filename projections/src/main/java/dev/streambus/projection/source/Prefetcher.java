package dev.streambus.projection.source;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * Gathers the next batches (a replay: merged from pages read and decoded ahead) on its own thread while the
 * caller writes the current one. The queue holds at most {@code depth} batches, so memory is bounded by
 * {@code depth x batchSize} entries whatever the history's length. {@link #close()} stops the reader.
 */
public final class Prefetcher implements AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closed;

    /**
     * @param read      returns the next batch of at most {@code batchSize}; empty when done
     * @param depth     batches read ahead
     */
    public Prefetcher(String name, IntFunction<List<Envelope>> read, int batchSize, int depth) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, depth));
        this.reader = new Thread(() -> run(read, batchSize), name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void run(IntFunction<List<Envelope>> read, int batchSize) {
        try {
            while (!closed) {
                List<Envelope> batch = read.apply(batchSize);
                if (batch.isEmpty()) {
                    queue.put(END);
                    return;
                }
                queue.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next batch, or an empty list at the end; rethrows what the reader failed with. */
    @SuppressWarnings("unchecked")
    public List<Envelope> take() throws InterruptedException {
        Object next = queue.take();
        if (next == END) {
            queue.put(END);
            return List.of();
        }
        if (next instanceof RuntimeException e) {
            throw new IllegalStateException("reading the history failed: " + e.getMessage(), e);
        }
        if (next instanceof Error e) {
            throw e;
        }
        return (List<Envelope>) next;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
