/**
 * Consuming streams: {@link dev.streambus.consume.EventConsumer} reads in a consumer group (or tails without one),
 * hands entries to {@link dev.streambus.consume.MessageListener}s ({@link dev.streambus.consume.TypedListener} for
 * typed events), acknowledges after success, reclaims idle entries and dead-letters poison pills; settings in
 * {@link dev.streambus.consume.ConsumerConfig}, health in {@link dev.streambus.consume.ConsumerState}.
 */
package dev.streambus.consume;
