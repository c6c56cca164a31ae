/**
 * Operations on the bus. Read-only views: streams, consumer groups, consumers, lag and dead-letter counts
 * ({@link dev.streambus.ops.BusInspector}; unknown values stay {@link java.util.OptionalLong#empty()}) and paged
 * pending entries ({@link dev.streambus.ops.PendingEntries}). Explicit operator actions: handing a consumer's pending
 * entries to another ({@link dev.streambus.ops.ConsumerHandover}) and approximate trimming with a preview
 * ({@link dev.streambus.ops.StreamTrimmer}).
 */
package dev.streambus.ops;
