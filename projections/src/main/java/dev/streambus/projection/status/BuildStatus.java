package dev.streambus.projection.status;

import dev.streambus.projection.store.Build;

import java.time.Instant;
import java.util.List;

/**
 * One build of a projection.
 *
 * @param build         build number
 * @param version       projection version it holds
 * @param schema        its schema
 * @param role          its place in the registry: SERVING, BUILDING, RETIRED, FAILED, CANCELLED
 * @param state         what it is doing
 * @param replay        while {@link State#REPLAYING} (or stopped mid-replay): the replay's progress; else null
 * @param failure       when {@link State#FAILED}: why; else null
 * @param streams       checkpoint and lag per stream (empty for builds whose schema is gone)
 * @param lastAppliedAt when it last committed applied entries, or null
 */
public record BuildStatus(int build, int version, String schema, Build.State role, State state, ReplayStatus replay,
                          FailureStatus failure, List<StreamStatus> streams, Instant lastAppliedAt) {

    /** What a build is doing. */
    public enum State {
        /** Serving, and a live loop applies new entries. */
        LIVE,
        /** Nothing left to apply (no lag on any stream), no live loop seen. */
        CAUGHT_UP,
        /** Being built: replaying history. */
        REPLAYING,
        /** Stopped by an entry it could not apply (or a rebuild failure / cancellation). */
        FAILED,
        /** Not moving: live loop stopped with entries left, a retired build, or an interrupted rebuild. */
        STOPPED
    }

    /** The sum of entries behind over all streams. */
    public long lagEntries() {
        return streams.stream().mapToLong(StreamStatus::lagEntries).sum();
    }
}
