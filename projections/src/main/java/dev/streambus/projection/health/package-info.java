/** Health of projection runners as a {@link dev.streambus.health.HealthReport}: {@link dev.streambus.projection.health.ProjectionHealth}. */
package dev.streambus.projection.health;
