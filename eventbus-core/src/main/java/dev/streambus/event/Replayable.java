package dev.streambus.event;

/**
 * An event that names the entity it is about, like Laravel Streamer's {@code Replayable}. Publishing it also
 * LPUSHes a history snapshot onto {@code <name>-<identifier>} in the same round trip, so PHP's
 * {@code History::replay} sees Java-published events.
 */
public interface Replayable {
    /** The entity's identifier, e.g. {@code "user-42"}; not part of {@code data} unless it is also a property. */
    String identifier();
}
