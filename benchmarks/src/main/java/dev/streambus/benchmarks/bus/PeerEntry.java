package dev.streambus.benchmarks.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one entry every baseline and peer writes (the Laravel field map streambus's encoder makes for a
 * {@link BenchEvent}, ~300 bytes) and how a peer turns an entry read back into the same typed record streambus
 * dispatches: plain Jackson {@code readValue} of the {@code data} field, as a Spring or Lettuce user would write it
 * (no envelope check, no hash check, no PHP-JSON rules).
 */
final class PeerEntry {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final LinkedHashMap<String, String> fields;
    private final Class<?> type;

    PeerEntry(LinkedHashMap<String, String> fields, Class<?> type) {
        this.fields = fields;
        this.type = type;
    }

    /** The field map to XADD (do not modify). */
    LinkedHashMap<String, String> fields() {
        return fields;
    }

    /** The typed record of an entry read back: its {@code data} JSON mapped onto the run's event type. */
    Object decode(String entryId, Map<?, ?> entry) {
        Object data = entry.get("data");
        if (!(data instanceof String json)) {
            throw new IllegalStateException("entry " + entryId + " has no string field 'data'");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("entry " + entryId + ": field 'data' does not map onto "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The listener every consume peer dispatches to: checks the type, counts (readable from another thread). */
    static final class CountingListener {
        private final Class<?> type;
        private final AtomicLong handled = new AtomicLong();

        CountingListener(Class<?> type) {
            this.type = type;
        }

        void on(Object event) {
            if (!type.isInstance(event)) {
                throw new IllegalStateException("dispatched a " + event.getClass() + ", expected " + type);
            }
            handled.incrementAndGet();
        }

        long handled() {
            return handled.get();
        }
    }

    Class<?> type() {
        return type;
    }
}
