package dev.streambus.compat.message;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view of an ordered map nobody else holds: what {@link MessageDecoder} builds as a message's
 * {@code content}, so that {@link ReceivedMessage} can keep it without copying it a second time.
 */
final class Content extends AbstractMap<String, String> {

    private final Map<String, String> fields;
    private final Set<Entry<String, String>> entries;

    /** @param owned a map no other code holds a reference to, never changed afterwards */
    Content(LinkedHashMap<String, String> owned) {
        this.fields = owned;
        this.entries = Collections.unmodifiableMap(owned).entrySet();
    }

    @Override
    public String get(Object key) {
        return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return entries;
    }
}
