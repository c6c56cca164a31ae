/**
 * Archiving and purging stream entries like Laravel Streamer's {@code streamer:archive}, {@code streamer:purge},
 * {@code streamer:archive:restore} and {@code streamer:listen --purge/--archive}: the storage port
 * ({@link dev.streambus.archive.ArchiveStorage}), the Redis side ({@link dev.streambus.archive.StreamArchiver},
 * {@link dev.streambus.archive.StreamPurger}), ages ({@link dev.streambus.archive.OlderThan}) and the middleware
 * ({@link dev.streambus.archive.AfterAllListeners}). A JDBC storage lives in the {@code projections} module.
 */
package dev.streambus.archive;
