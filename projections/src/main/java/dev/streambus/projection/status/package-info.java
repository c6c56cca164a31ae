/** Plain records of a projection's status per build (state, replay progress, failure, checkpoint and lag per stream), read by {@link dev.streambus.projection.status.StatusReader}; for the CLI, metrics and the console. */
package dev.streambus.projection.status;
