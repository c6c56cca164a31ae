package dev.streambus.event;

/**
 * An event about one entity, published to a per-entity stream as well. Publishing it through
 * {@code RedisPublisher} XADDs the entry to the integration stream (the event name, unchanged) and, in the same
 * atomic script, a copy to {@link #entityStream()} = {@code <entityType>:<entityId>}. The copy has the same fields
 * except {@code _id}, which holds the integration entry's id (Laravel writes {@code "*"} there), so a reader of the
 * entity stream knows which integration entry each copy stands for.
 *
 * <p>Guarantee: both entries exist or neither does; within one entity stream, copies are in publish order.
 */
public interface EntityEvent {

    /** The entity type, e.g. {@code "order"}; must not be empty. */
    String entityType();

    /** The entity's id, e.g. {@code "o-42"}; must not be empty. */
    String entityId();

    /** The per-entity stream key {@code <entityType>:<entityId>}. */
    default String entityStream() {
        return streamKey(entityType(), entityId());
    }

    /** The per-entity stream key {@code <entityType>:<entityId>}; no escaping. */
    static String streamKey(String entityType, String entityId) {
        return entityType + ":" + entityId;
    }
}
