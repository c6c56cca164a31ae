/** Cluster benchmark: publish and consume over 1 shard vs 3 shards in one run, client and per-shard Redis CPU per event. */
package dev.streambus.benchmarks.cluster;
