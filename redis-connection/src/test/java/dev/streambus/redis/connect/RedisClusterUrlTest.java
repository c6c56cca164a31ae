package dev.streambus.redis.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;

/** {@code redis+cluster://} and {@code rediss+cluster://} URLs: parsing, masking, Redisson cluster mode. No Redis. */
class RedisClusterUrlTest {

    private static final String SECRET = "Sup3r$ecret";

    @Test
    void parsesSeedNodesAndCredentialsAndMasksThePassword() {
        RedisUrl url = RedisUrl.parse("redis+cluster://app:" + SECRET.replace("$", "%24")
                + "@10.0.0.1:7000,node-b:7001,node-c");
        assertTrue(url.cluster());
        assertFalse(url.tls());
        assertEquals("app", url.username());
        assertEquals(SECRET, url.password());
        assertEquals(List.of("10.0.0.1:7000", "node-b:7001", "node-c:6379"), url.clusterNodes());
        assertEquals(List.of("redis://10.0.0.1:7000", "redis://node-b:7001", "redis://node-c:6379"),
                url.addresses());
        assertEquals("redis+cluster://***@10.0.0.1:7000,node-b:7001,node-c:6379", url.toString());
        assertEquals("redis+cluster://app:***@10.0.0.1:7000,node-b:7001,node-c:6379", url.redacted());
        assertEquals(url, RedisUrl.parse(url.toUrl()), "toUrl round-trips");
    }

    @Test
    void theBuilderEquivalentConfiguresTheSameAsTheUrl() {
        RedisConnection fromUrl = RedisConnection.fromUrl("rediss+cluster://app:pw@h1:7000,h2");
        RedisConnection built = RedisConnection.builder()
                .url(RedisUrl.cluster(true, List.of("h1:7000", "h2"))).username("app").password("pw").build();
        assertEquals(fromUrl.toString(), built.toString());
        assertEquals(fromUrl.toRedissonConfig().useClusterServers().getNodeAddresses(),
                built.toRedissonConfig().useClusterServers().getNodeAddresses());
        assertEquals("pw", built.toRedissonConfig().getPassword());
        assertThrows(IllegalArgumentException.class, () -> RedisUrl.cluster(false, List.of()));
    }

    @Test
    void tlsClusterUrlUsesRedissOnEveryNode() {
        RedisUrl url = RedisUrl.parse("rediss+cluster://h1:6380,h2:6380/");
        assertTrue(url.tls());
        assertTrue(url.cluster());
        assertEquals(List.of("rediss://h1:6380", "rediss://h2:6380"), url.addresses());
    }

    @Test
    void aDatabaseOnAClusterUrlIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("redis+cluster://:" + SECRET + "@h1:7000,h2:7001/2"));
        assertEquals("Redis Cluster has only database 0: remove '/2' from the redis+cluster:// URL", e.getMessage());
        IllegalArgumentException viaBuilder = assertThrows(IllegalArgumentException.class,
                () -> RedisConnection.builder().url("redis+cluster://h1:7000").database(1).build());
        assertTrue(viaBuilder.getMessage().contains("only database 0"), viaBuilder.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis+cluster://h1:7000,,h2:7001", "redis+cluster://h1:7000,h2:notaport",
            "redis+cluster://", "redis+cluster://h1:7000?x=1"})
    void malformedClusterUrlsAreRefusedWithoutThePassword(String url) {
        String withSecret = url.replace("://", "://:" + SECRET + "@");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(withSecret));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void aHostListWithoutTheClusterSchemeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://h1:7000,h2:7001"));
    }

    @Test
    void connectionMapsToRedissonClusterModeWithCredentialsAndTimeoutsAndMasks() {
        RedisConnection connection = RedisConnection.builder()
                .url("redis+cluster://app:" + SECRET.replace("$", "%24") + "@127.0.0.1:7000,127.0.0.1:7001")
                .responseTimeout(java.time.Duration.ofMillis(1234)).poolSize(7).build();
        Config config = connection.toRedissonConfig();
        assertTrue(config.isClusterConfig());
        ClusterServersConfig cluster = config.useClusterServers();
        assertEquals(List.of("redis://127.0.0.1:7000", "redis://127.0.0.1:7001"), cluster.getNodeAddresses());
        assertEquals(1234, cluster.getTimeout());
        assertEquals(7, cluster.getMasterConnectionPoolSize());
        assertEquals("app", config.getUsername());
        assertEquals(SECRET, config.getPassword());
        assertFalse(connection.toString().contains(SECRET), connection.toString());
        assertEquals("redis+cluster://app:***@127.0.0.1:7000,127.0.0.1:7001", connection.redacted());
        assertThrows(IllegalArgumentException.class, () -> connection.toBuilder().host("other").build());
    }
}
