package dev.streambus.consume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which listeners handle which event name. Immutable; several listeners may share a name. */
public final class ListenerRegistry {

    private final Map<String, List<MessageListener>> byEvent;

    public ListenerRegistry(Collection<? extends MessageListener> listeners) {
        Map<String, List<MessageListener>> map = new LinkedHashMap<>();
        for (MessageListener listener : listeners) {
            if (listener.events().isEmpty()) {
                throw new IllegalArgumentException("listener " + listener.receiver() + " handles no events");
            }
            for (String event : listener.events()) {
                map.computeIfAbsent(event, e -> new ArrayList<>()).add(listener);
            }
        }
        map.replaceAll((event, list) -> List.copyOf(list));
        this.byEvent = java.util.Collections.unmodifiableMap(map); // registration order: the streams' read order
    }

    public List<MessageListener> listenersFor(String eventName) {
        return byEvent.getOrDefault(eventName, List.of());
    }

    /** The event names with listeners: the streams to read, since Laravel names a stream after its event. */
    public Set<String> eventNames() {
        return byEvent.keySet();
    }
}
