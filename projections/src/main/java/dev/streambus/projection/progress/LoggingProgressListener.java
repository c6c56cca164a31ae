package dev.streambus.projection.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default listener: one INFO line per report, e.g. {@code order_summary rebuild: 1200/10000 (12.0%) ...}. */
public final class LoggingProgressListener implements ProgressListener {

    private static final Logger log = LoggerFactory.getLogger(LoggingProgressListener.class);

    @Override
    public void onProgress(Progress p) {
        log.info("{} {}{}: {}/{} ({}%) at {} events/s, ETA {} s, elapsed {} s", p.projection(), p.phase(),
                p.finished() ? " finished" : "", p.done(), p.total(), String.format("%.1f", p.percent()),
                Math.round(p.eventsPerSecond()), p.eta() == null ? "?" : p.eta().toSeconds(),
                p.elapsed().toSeconds());
    }
}
