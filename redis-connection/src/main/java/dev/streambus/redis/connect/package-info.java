/**
 * Connecting to Redis from a URL: credentials (password or ACL user), TLS ({@code rediss://} with an optional trust
 * store), database, timeouts, pool sizing; always {@code StringCodec}; never printing secrets.
 * Start with {@link dev.streambus.redis.connect.RedisConnection#fromUrl(String)}.
 */
package dev.streambus.redis.connect;
