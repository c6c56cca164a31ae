package dev.streambus.metrics;

/**
 * The names and tag keys of streambus's Micrometer meters (the README's "Metrics, health and tracing" table lists
 * them with their units). Names are dot-separated lower case, as Micrometer expects; each registry renders them in
 * its own convention (Prometheus: {@code streambus_consume_handled_total}).
 */
public final class MeterNames {

    /** Timer, tags {@code stream}, {@code outcome}: publish calls, their latency, and failures (outcome=failure). */
    public static final String PUBLISH = "streambus.publish";
    /** Counter, tag {@code stream}: entries stored by publish calls. */
    public static final String PUBLISH_ENTRIES = "streambus.publish.entries";

    /** Counter, tags {@code stream, group, listener}: listener calls that returned normally. */
    public static final String CONSUME_HANDLED = "streambus.consume.handled";
    /** Counter, tags {@code stream, group, listener}: listener calls that threw. */
    public static final String CONSUME_FAILED = "streambus.consume.failed";
    /** Timer, tags {@code stream, group, listener, outcome}: how long each listener call took. */
    public static final String CONSUME_HANDLER = "streambus.consume.handler";
    /** Counter, tags {@code stream, group}: entries left pending for another attempt after a failure. */
    public static final String CONSUME_RETRIED = "streambus.consume.retried";
    /** Counter, tags {@code stream, group}: entries parked in the dead-letter stream. */
    public static final String CONSUME_DEAD_LETTERED = "streambus.consume.dead.lettered";
    /** Counter, tags {@code stream, group}: entries done (all listeners succeeded, or acknowledged anyway). */
    public static final String CONSUME_COMPLETED = "streambus.consume.completed";
    /** Distribution summary, tag {@code group}: entries handed to the workers per non-empty read. */
    public static final String CONSUME_READ_SIZE = "streambus.consume.read.size";

    /** Gauge, tags {@code stream, group}: entries not yet delivered to the group; absent (NaN) while unknown. */
    public static final String GROUP_LAG = "streambus.group.lag";
    /** Gauge, tags {@code stream, group}: entries delivered, not acknowledged (the group's PEL). */
    public static final String GROUP_PENDING = "streambus.group.pending";
    /** Time gauge, tags {@code stream, group}: age of the oldest pending entry (by its id's time); 0 if none. */
    public static final String GROUP_OLDEST_PENDING_AGE = "streambus.group.pending.oldest.age";
    /** Gauge, tag {@code stream}: entries in the stream (XLEN). */
    public static final String STREAM_LENGTH = "streambus.stream.length";
    /** Gauge, tag {@code stream}: entries in the stream's dead-letter stream. */
    public static final String STREAM_DEAD_LETTERS = "streambus.stream.dead.letters";

    /** Function counter, tag {@code projection}: entries applied by a projection runner (live and replays). */
    public static final String PROJECTION_APPLIED = "streambus.projection.applied";
    /** Time gauge, tags {@code projection, stream}: time between the checkpoint's entry and the stream's last. */
    public static final String PROJECTION_CHECKPOINT_LAG = "streambus.projection.checkpoint.lag";
    /** Gauge, tags {@code projection, phase}: progress of the running or last replay, 0 to 1. */
    public static final String PROJECTION_REBUILD_PROGRESS = "streambus.projection.rebuild.progress";

    public static final String TAG_STREAM = "stream";
    public static final String TAG_GROUP = "group";
    public static final String TAG_LISTENER = "listener";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_PROJECTION = "projection";
    public static final String TAG_PHASE = "phase";

    /** {@code outcome} values. */
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    /** The {@code group} tag of a consumer that reads without a group. */
    public static final String NO_GROUP = "none";

    private MeterNames() {
    }
}
