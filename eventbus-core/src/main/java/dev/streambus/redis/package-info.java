/**
 * Redis Streams access shared by publishing and consuming: entry ids, entry decoding from stored bytes,
 * XAUTOCLAIM paging, idle consumers, Redis error classification, and the write side's raw XADD and script commands
 * ({@link dev.streambus.redis.StreamAppendCommands}).
 */
package dev.streambus.redis;
