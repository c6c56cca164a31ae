/**
 * Micrometer meters of projection runners: applied entries and checkpoint lag ({@link
 * dev.streambus.projection.metrics.ProjectionMetrics}), replay progress ({@link
 * dev.streambus.projection.metrics.RebuildProgress}).
 */
package dev.streambus.projection.metrics;
