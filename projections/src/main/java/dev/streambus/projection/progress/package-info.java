/**
 * Progress of rebuilds and catch-ups: done/total, rate and ETA over a recent window
 * ({@link dev.streambus.projection.progress.Progress}), reported to a
 * {@link dev.streambus.projection.progress.ProgressListener} (by default logged every few seconds).
 */
package dev.streambus.projection.progress;
