package dev.streambus.event;

import dev.streambus.compat.message.MessageType;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name and type a Java event class declares with {@link StreamerEvent}.
 *
 * @param name     event name (stream key)
 * @param type     message type
 * @param javaType the annotated class
 */
public record EventType(String name, MessageType type, Class<?> javaType) {

    private static final Map<Class<?>, EventType> CACHE = new ConcurrentHashMap<>();

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("event name is blank on " + javaType);
        }
    }

    /**
     * The declared event type of a class.
     *
     * @throws IllegalArgumentException when the class has no {@link StreamerEvent} annotation
     */
    public static EventType of(Class<?> javaType) {
        return CACHE.computeIfAbsent(javaType, EventType::read);
    }

    private static EventType read(Class<?> javaType) {
        StreamerEvent annotation = javaType.getAnnotation(StreamerEvent.class);
        if (annotation == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not an event: annotate it with @"
                    + StreamerEvent.class.getSimpleName() + "(name = \"...\")");
        }
        return new EventType(annotation.name(), annotation.type(), javaType);
    }
}
