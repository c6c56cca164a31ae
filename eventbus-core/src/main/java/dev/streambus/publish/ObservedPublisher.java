package dev.streambus.publish;

import dev.streambus.event.EventType;
import dev.streambus.metrics.PublishMetrics;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.tracing.TraceFields;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.streambus.tracing.MessagingAttributes.*;

/**
 * A {@link Publisher} that records metrics and/or traces around another one (usually a {@link RedisPublisher});
 * what it publishes and its guarantees are the delegate's.
 *
 * <p>Metrics ({@link #builder}{@code .meterRegistry(..)}): per call the {@value dev.streambus.metrics.MeterNames#PUBLISH}
 * timer (tags {@code stream}, {@code outcome}) and the entries stored
 * ({@value dev.streambus.metrics.MeterNames#PUBLISH_ENTRIES}); a {@code publishAll} over several streams records its
 * duration once per stream it wrote to. Tracing ({@code .openTelemetry(..)}): one {@link SpanKind#PRODUCER} span
 * {@code "send <stream>"} per call (one for a whole {@code publishAll}, with {@code messaging.batch.message_count}),
 * and every entry the call writes carries that span's W3C {@code traceparent} as an extra field after Laravel's
 * ({@link TraceFields}); {@code data} and {@code hash} stay byte-identical. Neither: a plain pass-through.
 */
public final class ObservedPublisher implements Publisher {

    /** The {@code stream} of a call given an object that is not a streamer event. */
    public static final String NOT_AN_EVENT = "(not an event)";

    private final Publisher delegate;
    private final PublishMetrics metrics;
    private final Tracer tracer;

    private ObservedPublisher(Publisher delegate, PublishMetrics metrics, Tracer tracer) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.tracer = tracer;
    }

    /** Starts wrapping {@code delegate}; nothing is observed until a registry or OpenTelemetry is set. */
    public static Builder builder(Publisher delegate) {
        return new Builder(delegate);
    }

    /** The wrapped publisher. */
    public Publisher delegate() {
        return delegate;
    }

    @Override
    public String publish(Object event) {
        return observed(streamOf(event), 1, () -> delegate.publish(event), id -> id);
    }

    @Override
    public String publish(Object event, String idempotencyKey) {
        return observed(streamOf(event), 1, () -> delegate.publish(event, idempotencyKey), id -> id);
    }

    @Override
    public List<String> publishAll(List<?> events) {
        return observed(streamsOf(events), events.size(), () -> delegate.publishAll(events), ObservedPublisher::last);
    }

    @Override
    public <E> List<String> publishAll(List<E> events, Function<? super E, String> idempotencyKey) {
        return observed(streamsOf(events), events.size(), () -> delegate.publishAll(events, idempotencyKey),
                ObservedPublisher::last);
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event) {
        return observedAsync(streamOf(event), () -> delegate.publishAsync(event));
    }

    @Override
    public CompletableFuture<String> publishAsync(Object event, String idempotencyKey) {
        return observedAsync(streamOf(event), () -> delegate.publishAsync(event, idempotencyKey));
    }

    /** Entries per stream of one call, in first-seen order. */
    private static Map<String, Long> streamsOf(List<?> events) {
        Map<String, Long> streams = new LinkedHashMap<>();
        for (Object event : events) {
            streams.merge(streamOf(event), 1L, Long::sum);
        }
        return streams;
    }

    private <T> T observed(String stream, long entries, Supplier<T> call, Function<T, String> lastId) {
        return observed(Map.of(stream, entries), entries, call, lastId);
    }

    private <T> T observed(Map<String, Long> streams, long entries, Supplier<T> call, Function<T, String> lastId) {
        Span span = startSpan(streams, entries);
        long started = System.nanoTime();
        T result;
        try (Scope ignored = span == null ? null : TraceFields.writing(Context.current().with(span)).makeCurrent()) {
            result = call.get();
        } catch (RuntimeException e) {
            finish(streams, started, false, span, null, e);
            throw e;
        }
        finish(streams, started, true, span, lastId.apply(result), null);
        return result;
    }

    private CompletableFuture<String> observedAsync(String stream, Supplier<CompletableFuture<String>> call) {
        Map<String, Long> streams = Map.of(stream, 1L);
        Span span = startSpan(streams, 1);
        long started = System.nanoTime();
        CompletableFuture<String> sent;
        try (Scope ignored = span == null ? null : TraceFields.writing(Context.current().with(span)).makeCurrent()) {
            sent = call.get();
        } catch (RuntimeException e) {
            finish(streams, started, false, span, null, e);
            throw e;
        }
        return sent.whenComplete((id, error) -> finish(streams, started, error == null, span, id,
                error == null ? null : RedisFailures.unwrap(error)));
    }

    private Span startSpan(Map<String, Long> streams, long entries) {
        if (tracer == null) {
            return null;
        }
        String destination = streams.size() == 1 ? streams.keySet().iterator().next() : null;
        SpanBuilder builder = tracer.spanBuilder(destination == null ? SEND : SEND + " " + destination)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, SYSTEM)
                .setAttribute(OPERATION_TYPE, SEND)
                .setAttribute(OPERATION_NAME, SEND);
        if (destination != null) {
            builder.setAttribute(DESTINATION, destination);
        }
        if (entries != 1) {
            builder.setAttribute(BATCH_COUNT, entries);
        }
        return builder.startSpan();
    }

    private void finish(Map<String, Long> streams, long started, boolean success, Span span, String id,
                        Throwable error) {
        long nanos = System.nanoTime() - started;
        if (metrics != null) {
            streams.forEach((stream, entries) -> metrics.record(stream, nanos, success, entries));
        }
        if (span != null) {
            if (success && id != null && streams.values().stream().mapToLong(Long::longValue).sum() == 1) {
                span.setAttribute(MESSAGE_ID, id);
            }
            if (!success) {
                span.setStatus(StatusCode.ERROR);
                if (error != null) {
                    span.recordException(error);
                    span.setAttribute(ERROR_TYPE, error.getClass().getName());
                }
            }
            span.end();
        }
    }

    private static String last(List<String> ids) {
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    /**
     * The stream an event goes to; an object that is not a streamer event is counted under {@value #NOT_AN_EVENT}
     * (the delegate then fails it with its usual message).
     */
    private static String streamOf(Object event) {
        try {
            return EventType.of(event.getClass()).name();
        } catch (RuntimeException e) {
            return NOT_AN_EVENT;
        }
    }

    /** Assembles an {@link ObservedPublisher}. */
    public static final class Builder {
        private final Publisher delegate;
        private MeterRegistry registry;
        private OpenTelemetry openTelemetry;

        private Builder(Publisher delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** Records publish metrics in {@code registry}; off by default. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Traces publishes and writes {@code traceparent} into each entry; off by default. */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /** The wrapping publisher; without a registry or OpenTelemetry it only delegates. */
        public ObservedPublisher build() {
            return new ObservedPublisher(delegate, registry == null ? null : new PublishMetrics(registry),
                    openTelemetry == null ? null : openTelemetry.getTracer(INSTRUMENTATION));
        }
    }
}
