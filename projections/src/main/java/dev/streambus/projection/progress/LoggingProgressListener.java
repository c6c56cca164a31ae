package dev.streambus.projection.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default listener: one INFO line per report, {@link Progress#describe()}. */
public final class LoggingProgressListener implements ProgressListener {

    private static final Logger log = LoggerFactory.getLogger(LoggingProgressListener.class);

    @Override
    public void onProgress(Progress p) {
        log.info("{}", p.describe());
    }
}
