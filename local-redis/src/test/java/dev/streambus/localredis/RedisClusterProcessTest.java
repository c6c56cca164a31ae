package dev.streambus.localredis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisClusterProcessTest {

    @Test
    void startsThreeMastersCoveringEverySlotAndStopsThemOnClose() {
        RedisClusterProcess.assumeAvailable();
        List<RedisServerProcess> nodes;
        try (RedisClusterProcess cluster = RedisClusterProcess.create().start()) {
            nodes = cluster.nodes();
            assertEquals(3, nodes.size());
            for (RedisServerProcess node : nodes) {
                String info = String.valueOf(node.command("CLUSTER", "INFO"));
                assertTrue(info.contains("cluster_state:ok"), info);
                assertTrue(info.contains("cluster_slots_assigned:16384"), info);
                assertTrue(info.contains("cluster_known_nodes:3"), info);
            }
            assertEquals("redis+cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port()
                    + ",127.0.0.1:" + nodes.get(2).port(), cluster.url());
        }
        nodes.forEach(node -> assertFalse(node.isRunning(), node.toString()));
    }
}
