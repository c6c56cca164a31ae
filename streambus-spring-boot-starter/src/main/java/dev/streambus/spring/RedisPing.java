package dev.streambus.spring;

import dev.streambus.redis.connect.RedisFailures;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.BaseRedisNodes;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Whether Redis answers PING, for health checks. */
final class RedisPing {

    private RedisPing() {
    }

    /**
     * Why Redis does not answer (every node of a cluster is pinged), or null when it does; null too for a client
     * of another topology (sentinel, replicated), which this check cannot ping node by node.
     */
    static String problem(RedissonClient redisson, Duration timeout) {
        try {
            Config config = redisson.getConfig();
            BaseRedisNodes nodes = config.isClusterConfig() ? redisson.getRedisNodes(RedisNodes.CLUSTER)
                    : config.isSingleConfig() ? redisson.getRedisNodes(RedisNodes.SINGLE) : null;
            if (nodes == null || nodes.pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            return "no PING reply within " + timeout.toMillis() + " ms";
        } catch (RuntimeException e) {
            return RedisFailures.describe(e);
        }
    }
}
