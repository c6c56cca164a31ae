/**
 * Health as a plain API: {@link dev.streambus.health.HealthReport} (status, reasons, details) for a consumer
 * ({@link dev.streambus.health.ConsumerHealth}); frameworks map it to their health endpoints.
 */
package dev.streambus.health;
