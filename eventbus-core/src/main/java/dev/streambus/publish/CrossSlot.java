package dev.streambus.publish;

/**
 * What a publish does when an event's keys cannot share one Redis Cluster hash slot (e.g. Laravel's plain
 * {@code <name>-<identifier>} history list or {@code <type>:<id>} entity stream next to the event's stream), so one
 * atomic script over them would be refused with CROSSSLOT. On a single server every key is in one slot and this
 * setting has no effect.
 */
public enum CrossSlot {
    /**
     * Refuse the publish before anything is written, naming the keys and their slots (default). For
     * {@link Publisher#publishAll} the whole list is checked first, so nothing of it is written.
     */
    FAIL,
    /**
     * Write in two steps exactly as Laravel Streamer does: XADD the event to its stream, then (separately) the
     * entity-stream copy and/or the history snapshot. Not atomic: a failure or crash between the steps leaves the
     * event published without its copy/snapshot (the error names what was written). {@code publishAll} lists that
     * contain such events are sent one event after another instead of pipelined.
     */
    TWO_STEPS
}
