/**
 * Micrometer metrics, opt-in: consume meters ({@link dev.streambus.metrics.ConsumeMetrics}, installed by
 * {@code EventConsumer.Builder.meterRegistry}), publish meters (through {@link dev.streambus.publish.ObservedPublisher}),
 * and backlog gauges read from Redis at an interval ({@link dev.streambus.metrics.StreamBacklog}). Names and tags:
 * {@link dev.streambus.metrics.MeterNames}. Only micrometer-core is needed; no registry is.
 */
package dev.streambus.metrics;
