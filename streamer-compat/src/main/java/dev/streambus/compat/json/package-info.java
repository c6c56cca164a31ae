/**
 * JSON written byte for byte as PHP's default {@code json_encode} (escaping, number forms, key order) and read
 * back without loss ({@link dev.streambus.compat.json.PhpJson}).
 */
package dev.streambus.compat.json;
