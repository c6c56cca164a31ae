/**
 * SQL read models kept from streams, each event applied exactly once: a {@link dev.streambus.projection.Projection}
 * (handlers per event type, migrations, reset) is run by a {@link dev.streambus.projection.ProjectionRunner} live
 * through its own consumer group, rebuilt from history with XRANGE, or caught up; each event is applied in the same
 * transaction as its guard row and checkpoint ({@link dev.streambus.projection.RunnerConfig} for the settings).
 */
package dev.streambus.projection;
