/**
 * Laravel Streamer's failed messages: recording listener failures in the shared {@code failed_stream} SET
 * ({@link dev.streambus.failed.FailureRecorder}), listing and flushing them ({@link dev.streambus.failed.FailedMessages})
 * and retrying them ({@link dev.streambus.failed.FailedMessageRetrier}), all in the JSON PHP reads and writes.
 */
package dev.streambus.failed;
