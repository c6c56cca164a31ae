package dev.streambus.consume;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a consumer is doing now, for health checks: {@link EventConsumer#state()}.
 *
 * <p>A permanent Redis error (a missing permission, a key of the wrong type, a script the server refuses) is
 * never retried silently: it is logged at ERROR once, listed here as a {@link Problem} while it lasts, and the part
 * it hits (one stream, or one step such as the reclaim) is retried with capped back-off while everything else goes
 * on. When the retry succeeds the problem disappears (logged at INFO) and the state is {@code RUNNING} again.
 *
 * @param status   the overall status
 * @param problems the permanent errors in effect now; empty unless {@code DEGRADED} or {@code FAILED}
 */
public record ConsumerState(Status status, List<Problem> problems) {

    /** Overall status. */
    public enum Status {
        /** Started, no successful round trip to Redis yet (e.g. Redis not reachable yet). */
        STARTING,
        /** Reading and handling; no permanent error in effect. */
        RUNNING,
        /** Running, but some streams or steps fail with a permanent error (see {@link #problems()}). */
        DEGRADED,
        /** Nothing can be read: every stream fails, or the loop itself does (see {@link #problems()}). */
        FAILED,
        /** Not started, or closed. */
        STOPPED
    }

    /** Which part of the work a problem stops. */
    public enum Step {
        /** Reading a stream (its group, own pending and new entries): the stream is skipped meanwhile. */
        READ,
        /** Reclaiming entries idle in other consumers' pending lists (XAUTOCLAIM script). */
        RECLAIM,
        /** Removing idle consumers that hold no pending entries (script). */
        REMOVE_CONSUMERS,
        /** The consumer loop as a whole (an error that is not tied to one stream or step). */
        LOOP
    }

    /**
     * One permanent error in effect.
     *
     * @param step   the part of the work it stops
     * @param stream the stream concerned; null when it is not tied to one stream
     * @param reason Redis's error reply, without command text
     * @param since  when it first happened
     */
    public record Problem(Step step, String stream, String reason, Instant since) {
        public Problem {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
        }

        @Override
        public String toString() {
            return step.name().toLowerCase() + (stream == null ? "" : " of '" + stream + "'") + ": " + reason;
        }
    }

    public ConsumerState {
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
    }

    /** The problems in one line ({@code "reclaim of 'orders': NOPERM ..."}), empty when there are none. */
    public String reason() {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return problems.isEmpty() ? status.name() : status + " (" + reason() + ")";
    }
}
