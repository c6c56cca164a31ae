/**
 * Redis Streams access shared by publishing and consuming: entry ids, entry decoding from stored bytes,
 * XAUTOCLAIM paging, idle consumers, and Redis error classification.
 */
package dev.streambus.redis;
