/**
 * Dead letters: entries that failed too often or are malformed are moved to {@code <stream>:dead} with their
 * original fields and the reason; {@link dev.streambus.deadletter.DeadLetterStore} lists and replays them.
 */
package dev.streambus.deadletter;
