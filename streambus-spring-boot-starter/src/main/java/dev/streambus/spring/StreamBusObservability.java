package dev.streambus.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import java.time.Duration;

/**
 * What the starter observes with, resolved once from the context and {@code streambus.*}: the application's
 * {@link MeterRegistry} (null: no metrics, or {@code streambus.metrics.enabled=false}) and {@link OpenTelemetry}
 * (null unless {@code streambus.tracing.enabled=true}), how often backlogs are read from Redis, and the lag
 * thresholds above which health reports a part as degraded.
 *
 * @param registry               meters go here; null for none
 * @param openTelemetry          traces go here; null for none
 * @param backlogInterval        how often the backlog gauges (lag, pending, checkpoint lag) are read from Redis
 * @param lagThreshold           a group's lag (entries) above which the consumer is degraded
 * @param projectionLagThreshold a projection's checkpoint lag above which it is degraded
 */
public record StreamBusObservability(MeterRegistry registry, OpenTelemetry openTelemetry, Duration backlogInterval,
                                     long lagThreshold, Duration projectionLagThreshold) {
}
