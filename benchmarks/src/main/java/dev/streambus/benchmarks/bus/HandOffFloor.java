package dev.streambus.benchmarks.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * What many threads calling a synchronous method cost before any Redis work: each of {@code threads} threads hands
 * a request to one serving thread and waits for its answer, n in all; the serving thread takes every request queued
 * meanwhile and answers them together, as a publisher that gathers concurrent calls into one write does. No
 * encoding, no network, no Redis: only the queue, the wake-ups and the context switches of sync callers, so it is
 * the most a sync API can reach from that many threads on this machine. A diagnostic: how much of the gap between
 * 64 sync threads and one {@code publishAll} is the threads themselves.
 */
final class HandOffFloor {

    private HandOffFloor() {
    }

    static Rounds.Trial trial(int n, int threads) {
        return () -> {
            Server server = new Server();
            Thread serving = new Thread(server, "bench-hand-off-server");
            serving.start();
            try {
                return Rounds.timeInParallel(n, threads, i -> server.call().join());
            } finally {
                server.stop(serving);
            }
        };
    }

    /** Answers every queued request in one go, parks when none is left; a caller that finds it parked wakes it. */
    private static final class Server implements Runnable {
        private final ConcurrentLinkedQueue<CompletableFuture<String>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean parked = new AtomicBoolean();
        private volatile Thread thread;
        private volatile boolean running = true;

        CompletableFuture<String> call() {
            CompletableFuture<String> answer = new CompletableFuture<>();
            queue.add(answer);
            if (parked.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
            return answer;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            List<CompletableFuture<String>> batch = new ArrayList<>();
            while (running) {
                CompletableFuture<String> next;
                while ((next = queue.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    parked.set(true);
                    if (queue.isEmpty() && running) {
                        LockSupport.park(this);
                    }
                    parked.set(false);
                    continue;
                }
                batch.forEach(answer -> answer.complete("0-1"));
                batch.clear();
            }
        }

        void stop(Thread serving) throws InterruptedException {
            running = false;
            LockSupport.unpark(serving);
            serving.join();
        }
    }
}
