package dev.streambus.health;

import dev.streambus.consume.ConsumerState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The health of one consumer or projection, for a health endpoint (the Spring Boot starter maps it to an Actuator
 * {@code Health}): a status, why it is not simply running, and a few details (streams, group, lag).
 *
 * @param component what it describes, e.g. {@code "consumer 'c1' of group 'g'"}
 * @param status    the overall status
 * @param reasons   why the status is not {@code RUNNING}/{@code STOPPED}; empty otherwise
 * @param details   values to show beside it (names to numbers or text), in a stable order
 */
public record HealthReport(String component, Status status, List<Reason> reasons, Map<String, Object> details) {

    /** Overall status, worst last but one: {@code STOPPED} is neither healthy nor a failure. */
    public enum Status {
        /** Started, no successful round trip to Redis yet. */
        STARTING,
        /** Working, nothing wrong. */
        RUNNING,
        /** Working, but something is wrong (see the reasons): some streams fail, Redis errors, lag over threshold. */
        DEGRADED,
        /** Not working: nothing can be read, or it stopped on an error. */
        FAILED,
        /** Not started, or closed. */
        STOPPED;

        /** True for {@code RUNNING} and {@code DEGRADED}: it is working (a map to "UP" for liveness). */
        public boolean working() {
            return this == RUNNING || this == DEGRADED;
        }
    }

    /** The kinds of reason. */
    public enum Kind {
        /** A permanent Redis error in effect ({@link ConsumerState.Problem}): a stream or step is skipped. */
        PROBLEM,
        /** Redis could not be reached or answered with an error just now (transient; retried). */
        REDIS_ERROR,
        /** A group's lag, or a projection's checkpoint, is over the configured threshold. */
        LAG,
        /** It stopped on an error. */
        STOPPED_BY_ERROR
    }

    /**
     * One reason.
     *
     * @param kind   what kind
     * @param stream the stream concerned, or null
     * @param text   one line for a person (no secrets: Redis error replies without command text)
     */
    public record Reason(Kind kind, String stream, String text) {
        public Reason {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public HealthReport {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The reasons in one line, {@code "; "}-separated; empty when there are none. */
    public String reason() {
        return reasons.stream().map(Reason::text).collect(Collectors.joining("; "));
    }

    /** The report of a {@link ConsumerState}: same status, one {@link Kind#PROBLEM} reason per problem. */
    public static HealthReport of(String component, ConsumerState state, Map<String, Object> details) {
        List<Reason> reasons = state.problems().stream()
                .map(p -> new Reason(Kind.PROBLEM, p.stream(), p.toString())).toList();
        return new HealthReport(component, Status.valueOf(state.status().name()), reasons, details);
    }

    /**
     * This report with {@code more} reasons: a {@code RUNNING} (or {@code STARTING}) report becomes {@code DEGRADED};
     * {@code FAILED} and {@code STOPPED} stay as they are. No reasons: this report.
     */
    public HealthReport degradedBy(List<Reason> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Reason> all = new ArrayList<>(reasons);
        all.addAll(more);
        Status degraded = status == Status.RUNNING || status == Status.STARTING ? Status.DEGRADED : status;
        return new HealthReport(component, degraded, all, details);
    }

    @Override
    public String toString() {
        return component + ": " + status + (reasons.isEmpty() ? "" : " (" + reason() + ")");
    }
}
