/** Connecting to Redis from a URL: credentials, TLS, database; never printing secrets. */
package dev.streambus.redis.connect;
