/**
 * {@code streambus listen} and {@code list}: Laravel Streamer's {@code streamer:listen} and {@code streamer:list}.
 */
package dev.streambus.cli.listen;
