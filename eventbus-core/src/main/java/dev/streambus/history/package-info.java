/** Replaying the history of Laravel Streamer's {@code Replayable} events ({@link dev.streambus.history.EventHistory}). */
package dev.streambus.history;
