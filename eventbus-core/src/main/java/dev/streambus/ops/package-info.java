/**
 * Read-only operations view of the bus: streams, consumer groups, consumers, lag and dead-letter counts
 * ({@link dev.streambus.ops.BusInspector}). Unknown values stay unknown ({@link java.util.OptionalLong#empty()}).
 */
package dev.streambus.ops;
