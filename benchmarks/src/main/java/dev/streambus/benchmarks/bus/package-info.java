/**
 * The bus benchmark: publish and consume throughput and latency against raw Lettuce, Spring Data Redis and
 * redis-benchmark, in the same run.
 */
package dev.streambus.benchmarks.bus;
