/**
 * Finds a Redis for tests and demos on any machine ({@link dev.streambus.localredis.LocalRedis}), starts private
 * throw-away servers ({@link dev.streambus.localredis.RedisServerProcess}), and gives JUnit 5 tests unique key names
 * with automatic cleanup ({@link dev.streambus.localredis.RedisExtension}, {@link dev.streambus.localredis.TestKeys}).
 *
 * <p>JUnit is an optional dependency: {@code LocalRedis}, {@code RedisServerProcess} and
 * {@code TestKeys} work without it. Nothing here ever issues FLUSHALL, FLUSHDB or KEYS.
 */
package dev.streambus.localredis;
