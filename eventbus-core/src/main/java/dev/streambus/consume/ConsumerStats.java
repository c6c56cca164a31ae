package dev.streambus.consume;

/**
 * Counters of one consumer since it started.
 *
 * @param delivered    entries handed to the pipeline
 * @param acknowledged entries done (handled, or dead-lettered)
 * @param retried      deliveries that failed and stay pending for another attempt
 * @param deadLettered entries parked in the dead-letter stream
 * @param redisErrors  failed Redis round trips (each followed by a back-off)
 */
public record ConsumerStats(long delivered, long acknowledged, long retried, long deadLettered, long redisErrors) {
}
