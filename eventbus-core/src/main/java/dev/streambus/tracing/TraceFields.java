package dev.streambus.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C trace context as stream entry fields: {@value #TRACEPARENT} (and {@code tracestate} when the trace has
 * one), stored after all of Laravel's fields, never inside {@code data} (so {@code data} and {@code hash} are what
 * Laravel writes, and Laravel's reader, which ignores unknown fields, is unaffected).
 *
 * <p>Off by default: {@link dev.streambus.publish.EventEncoder} adds the fields only while a context made by
 * {@link #writing(Context)} is current, which {@link dev.streambus.publish.ObservedPublisher} does when tracing is
 * on. Only W3C Trace Context is written, whatever propagators the application configured.
 */
public final class TraceFields {

    /** The entry field holding the W3C {@code traceparent}. */
    public static final String TRACEPARENT = "traceparent";

    private static final ContextKey<Boolean> WRITE = ContextKey.named("streambus-write-trace-fields");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceFields() {
    }

    /** {@code context}, marked so that events encoded while it is current carry its trace context fields. */
    public static Context writing(Context context) {
        return context.with(WRITE, Boolean.TRUE);
    }

    /**
     * The fields to add to an entry encoded now: the current span's W3C trace context when the current context was
     * made by {@link #writing(Context)} and holds a valid span; otherwise none (the default).
     */
    public static Map<String, String> current() {
        Context context = Context.current();
        if (context.get(WRITE) == null) {
            return Map.of();
        }
        Map<String, String> fields = new LinkedHashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, fields, (carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        });
        return fields;
    }

    /** {@code parent} with the trace context an entry's fields carry (unchanged when they carry none). */
    public static Context extract(Context parent, Map<String, String> entryFields) {
        return W3CTraceContextPropagator.getInstance().extract(parent, entryFields, GETTER);
    }
}
