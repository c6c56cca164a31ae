package dev.streambus.cluster;

import dev.streambus.localredis.RedisClusterProcess;

import java.util.Collection;

/** Where keys live on a test cluster. */
final class ClusterSlots {

    private ClusterSlots() {
    }

    /** How many masters hold at least one of {@code keys} (asked of the masters, CLUSTER COUNTKEYSINSLOT). */
    static long mastersHolding(RedisClusterProcess cluster, Collection<String> keys) {
        return cluster.nodes().stream().filter(node -> keys.stream().anyMatch(key -> {
            Object slot = node.command("CLUSTER", "KEYSLOT", key);
            return ((Long) node.command("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))) > 0;
        })).count();
    }
}
