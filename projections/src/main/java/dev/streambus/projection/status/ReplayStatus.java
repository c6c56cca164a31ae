package dev.streambus.projection.status;

import java.time.Duration;

/**
 * Progress of a build's replay.
 *
 * @param done            entries replayed
 * @param total           entries to replay as of its start (the streams' lengths)
 * @param eventsPerSecond recent rate
 * @param eta             time left at that rate; null when unknown
 */
public record ReplayStatus(long done, long total, double eventsPerSecond, java.time.Duration eta) {

    static ReplayStatus of(long done, long total, double rate) {
        Duration eta = done >= total ? Duration.ZERO
                : rate > 0 ? Duration.ofMillis((long) ((total - done) / rate * 1000)) : null;
        return new ReplayStatus(done, total, rate, eta);
    }
}
