package dev.streambus.benchmarks.bus;

import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * A publisher and a consumer whose publish → handled latency {@link EndToEndLatency} measures: ours or a peer's,
 * on the same events, schedule and Redis.
 */
interface LatencySubject {

    /** How the report names it. */
    String label();

    /**
     * Prepares events 0..total-1 (not timed) and starts consuming; {@code handled} is called with i when event i
     * reaches its listener.
     *
     * @return what {@link #send} and {@link Run#close()} act on
     */
    Run start(int total, IntConsumer handled) throws Exception;

    /** A started subject. */
    interface Run extends AutoCloseable {

        /** Publishes event i without waiting for Redis; completes when Redis answered, exceptionally on failure. */
        CompletionStage<?> send(int i);

        /** Stops consuming and deletes what the run wrote. */
        @Override
        void close() throws Exception;
    }
}
