/**
 * The Laravel Streamer wire format (prwnr/laravel-streamer, message version 1.3), pure Java: no Redis.
 *
 * <ul>
 *   <li>{@link dev.streambus.compat.json} — JSON written byte-for-byte as PHP's default {@code json_encode}.</li>
 *   <li>{@link dev.streambus.compat.message} — the stream entry {@code Streamer::emit} writes, and its decoding.</li>
 *   <li>{@link dev.streambus.compat.failed} — the {@code failed_stream} set member PHP and Java share.</li>
 *   <li>{@link dev.streambus.compat.history} — the history snapshot {@code Replayable} events leave.</li>
 * </ul>
 */
package dev.streambus.compat;
