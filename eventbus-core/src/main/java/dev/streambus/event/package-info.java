/**
 * Typed events: {@link dev.streambus.event.StreamerEvent} names a record's stream and {@code name} field;
 * {@link dev.streambus.event.Replayable} and {@link dev.streambus.event.EntityEvent} add Laravel's history snapshots
 * and entity streams.
 */
package dev.streambus.event;
