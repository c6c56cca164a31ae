package dev.streambus.projection.progress;

import java.time.Duration;

/** Counts processed entries and reports to a listener at most once per interval, plus once at the end. */
public final class ProgressMeter {

    private final String projection;
    private final String phase;
    private final long total;
    private final ProgressListener listener;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastReport = startNanos;
    private long done;

    public ProgressMeter(String projection, String phase, long total, ProgressListener listener, Duration interval) {
        this.projection = projection;
        this.phase = phase;
        this.total = total;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
    }

    public void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            listener.onProgress(snapshot(now, false));
        }
    }

    public Progress finish() {
        Progress p = snapshot(System.nanoTime(), true);
        listener.onProgress(p);
        return p;
    }

    public long done() {
        return done;
    }

    private Progress snapshot(long now, boolean finished) {
        long elapsedNanos = Math.max(1, now - startNanos);
        double rate = done * 1e9 / elapsedNanos;
        Duration eta;
        if (finished || done >= total) {
            eta = Duration.ZERO;
        } else if (rate <= 0) {
            eta = null;
        } else {
            eta = Duration.ofMillis((long) ((total - done) / rate * 1000));
        }
        return new Progress(projection, phase, done, total, rate, eta, Duration.ofNanos(elapsedNanos), finished);
    }
}
