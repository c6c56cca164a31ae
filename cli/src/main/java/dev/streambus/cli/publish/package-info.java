/**
 * {@code streambus publish}: an entry as Laravel Streamer's {@code Streamer::emit} writes it.
 */
package dev.streambus.cli.publish;
