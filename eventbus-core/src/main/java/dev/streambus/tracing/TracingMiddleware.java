package dev.streambus.tracing;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ListenerInvoker;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.Objects;

import static dev.streambus.tracing.MessagingAttributes.*;

/**
 * Continues the publisher's trace around each listener call: a {@link SpanKind#CONSUMER} span
 * {@code "process <stream>"}, child of the trace context the entry's {@value TraceFields#TRACEPARENT} field carries
 * (a new trace when it carries none or an invalid one), current while the listener runs, with the messaging
 * attributes ({@link MessagingAttributes}) and the listener's name. A listener's exception is recorded on the span
 * (status ERROR, {@code error.type}) and rethrown unchanged. Installed by
 * {@link dev.streambus.consume.EventConsumer.Builder#openTelemetry}.
 */
public final class TracingMiddleware implements Middleware {

    private final Tracer tracer;
    private final String group;

    /** @param group the consumer group, or null when consuming without one */
    public TracingMiddleware(OpenTelemetry openTelemetry, String group) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION);
        this.group = group;
    }

    @Override
    public ListenerInvoker wrap(ListenerInvoker next) {
        return (listener, message) -> invoke(next, listener, message);
    }

    private void invoke(ListenerInvoker next, MessageListener listener, ReceivedMessage message) throws Exception {
        Context parent = TraceFields.extract(Context.current(), message.content());
        SpanBuilder builder = tracer.spanBuilder(PROCESS + " " + message.stream()).setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, SYSTEM)
                .setAttribute(OPERATION_TYPE, PROCESS)
                .setAttribute(OPERATION_NAME, PROCESS)
                .setAttribute(DESTINATION, message.stream())
                .setAttribute(MESSAGE_ID, message.id())
                .setAttribute(LISTENER, listener.receiver());
        if (group != null) {
            builder.setAttribute(CONSUMER_GROUP, group);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            next.invoke(listener, message);
        } catch (Throwable e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }
}
