/**
 * The history snapshot Laravel Streamer's {@code Replayable} events leave in {@code <name>-<identifier>} lists.
 */
package dev.streambus.compat.history;
