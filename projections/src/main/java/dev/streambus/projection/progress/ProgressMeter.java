package dev.streambus.projection.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts processed entries and reports to a listener at most once per interval, plus once at the end. The rate and
 * ETA of a running report come from the last {@link #RATE_WINDOW} ({@link RecentRate}), measured from the first
 * batch on (the time before it, spent connecting and warming up, would skew the first estimates); no ETA before a
 * rate can be measured. The final report carries the average rate over the whole replay.
 */
public final class ProgressMeter {

    /** How far back the rate of a running report looks. */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private final String projection;
    private final String phase;
    private final long total;
    private final ProgressListener listener;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final RecentRate recent = new RecentRate(RATE_WINDOW);
    private long lastReport;
    private long done;

    public ProgressMeter(String projection, String phase, long total, ProgressListener listener, Duration interval) {
        this(projection, phase, total, listener, interval, System::nanoTime);
    }

    /** @param nanoTime the time source, {@link System#nanoTime()} outside tests */
    public ProgressMeter(String projection, String phase, long total, ProgressListener listener, Duration interval,
                         LongSupplier nanoTime) {
        this.projection = projection;
        this.phase = phase;
        this.total = total;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastReport = startNanos;
    }

    public void advance(long n) {
        done += n;
        long now = nanoTime.getAsLong();
        recent.record(now, done);
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            listener.onProgress(snapshot(now, false));
        }
    }

    public Progress finish() {
        Progress p = snapshot(nanoTime.getAsLong(), true);
        listener.onProgress(p);
        return p;
    }

    public long done() {
        return done;
    }

    private Progress snapshot(long now, boolean finished) {
        long elapsedNanos = Math.max(1, now - startNanos);
        double recentRate = recent.perSecond(now, done);
        double rate = finished ? done * 1e9 / elapsedNanos : Double.isNaN(recentRate) ? 0 : recentRate;
        Duration eta;
        if (finished || done >= total) {
            eta = Duration.ZERO;
        } else if (Double.isNaN(recentRate) || recentRate <= 0) {
            eta = null;
        } else {
            eta = Duration.ofMillis((long) ((total - done) / recentRate * 1000));
        }
        return new Progress(projection, phase, done, total, rate, eta, Duration.ofNanos(elapsedNanos), finished);
    }
}
