/**
 * Publishing events as Laravel Streamer entries: {@link dev.streambus.publish.Publisher} (one Redis implementation,
 * {@link dev.streambus.publish.RedisPublisher}), configured by {@link dev.streambus.publish.PublisherConfig}; a returned
 * id means Redis stored the entry, a {@link dev.streambus.publish.PublishException} says whether it was stored.
 */
package dev.streambus.publish;
