package dev.streambus.redis;

import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisMovedException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.misc.RedisURI;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which failures a read loop retries as a cluster topology change rather than counting a failure: the error replies
 * and the exceptions Redisson turns them into (wrapped as they reach the loop).
 */
class TopologyChangeTest {

    @Test
    void slotMovesMigrationsAndAClusterDownAreTopologyChanges() {
        assertTrue(RedisErrors.isTopologyChange(new RedisMovedException(3999, new RedisURI("redis://127.0.0.1:7001"))));
        assertTrue(RedisErrors.isTopologyChange(new CompletionException(
                new RedisTryAgainException("TRYAGAIN Multiple keys request during rehashing of slot"))));
        assertTrue(RedisErrors.isTopologyChange(new RedisClusterDownException("CLUSTERDOWN The cluster is down")));
        assertTrue(RedisErrors.isTopologyChange(new RedisException("UNBLOCKED the stream key no longer exists")));
        assertTrue(RedisErrors.isTopologyChange(new RedisException("MOVED 3999 127.0.0.1:7001")));
    }

    @Test
    void otherErrorsAreNot() {
        assertFalse(RedisErrors.isTopologyChange(new RedisException("NOGROUP No such key 's' or consumer group 'g'")));
        assertFalse(RedisErrors.isTopologyChange(new RedisException("NOPERM this user has no permissions")));
        assertFalse(RedisErrors.isTopologyChange(new IllegalStateException("connection refused")));
    }
}
