/**
 * OpenTelemetry tracing, off by default: W3C trace context in an extra entry field ({@link
 * dev.streambus.tracing.TraceFields}), {@code send} spans by {@link dev.streambus.publish.ObservedPublisher},
 * {@code process} spans around listener calls ({@link dev.streambus.tracing.TracingMiddleware}), attributes per the
 * messaging semantic conventions ({@link dev.streambus.tracing.MessagingAttributes}). Only opentelemetry-api is needed.
 */
package dev.streambus.tracing;
