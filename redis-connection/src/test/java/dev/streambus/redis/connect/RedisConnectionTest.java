package dev.streambus.redis.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

class RedisConnectionTest {

    private static final String SECRET = "p@ss:w/rd";
    private static final String ENCODED = "p%40ss%3Aw%2Frd";

    @Test
    void aclUserPasswordDatabaseAndTlsFromTheUrl() {
        RedisConnection c = RedisConnection.fromUrl("rediss://app:" + ENCODED + "@cache.example.com:6380/4");
        assertTrue(c.tls());
        assertEquals(Optional.of("app"), c.username());
        assertTrue(c.hasPassword());
        assertEquals(4, c.database());
        assertEquals("rediss://cache.example.com:6380/4", c.endpoint().toString());
        assertEquals("rediss://app:***@cache.example.com:6380/4", c.redacted());

        Config config = c.toRedissonConfig();
        SingleServerConfig single = config.useSingleServer();
        assertEquals("rediss://cache.example.com:6380", single.getAddress(), "no credentials in the address");
        assertEquals(4, single.getDatabase());
        assertEquals("app", config.getUsername());
        assertEquals(SECRET, config.getPassword(), "percent-decoded");
        assertTrue(config.getCodec() instanceof StringCodec);
    }

    @Test
    void passwordOnlyAndNoCredentials() {
        assertEquals("redis://:***@h:6379", RedisConnection.fromUrl("redis://:" + ENCODED + "@h").redacted());
        assertEquals("redis://h:6379", RedisConnection.fromUrl("redis://h").redacted());
        assertFalse(RedisConnection.fromUrl("redis://h").hasPassword());
    }

    @Test
    void neverPrintsThePassword() {
        RedisConnection c = RedisConnection.builder().host("h").port(7000).username("bob")
                .password(SECRET.toCharArray()).database(2).build();
        assertEquals("redis://bob:***@h:7000/2", c.redacted());
        for (String text : new String[] {c.toString(), c.redacted(), c.endpoint().toString(),
                c.toBuilder().toString(), c.toBuilder().build().toString()}) {
            assertFalse(text.contains(SECRET), text);
            assertFalse(text.contains(ENCODED), text);
        }
        assertTrue(c.toString().startsWith("RedisConnection[redis://bob:***@h:7000/2, "), c.toString());
    }

    @Test
    void charArrayPasswordIsCopied() {
        char[] password = SECRET.toCharArray();
        RedisConnection c = RedisConnection.builder().host("h").password(password).build();
        java.util.Arrays.fill(password, '\0');
        assertEquals(SECRET, c.toRedissonConfig().getPassword());
    }

    @Test
    void builderOverridesTheUrlAndAUrlResetsOverrides() {
        RedisConnection c = RedisConnection.builder().url("redis://u:pw@h:1/3").port(2).database(5)
                .password((String) null).build();
        assertEquals("redis://u@h:2/5", c.redacted());
        assertFalse(c.hasPassword());
        assertEquals("redis://h:1/3", RedisConnection.builder().host("x").url("redis://h:1/3").build().redacted());
    }

    @Test
    void defaultsAndPoolSizing() {
        RedisConnection c = RedisConnection.fromUrl("redis://h");
        assertEquals(RedisConnection.poolSizeFor(2, 8, 8), c.poolSize());
        assertEquals(2 * 8 + 2 + 8 + RedisConnection.SPARE_CONNECTIONS, c.poolSize());
        assertEquals(RedisConnection.DEFAULT_CONNECT_TIMEOUT, c.connectTimeout());
        assertEquals(RedisConnection.DEFAULT_RESPONSE_TIMEOUT, c.responseTimeout());
        assertEquals(3, c.retryAttempts());
        SingleServerConfig single = c.toRedissonConfig().useSingleServer();
        assertEquals(c.poolSize(), single.getConnectionPoolSize());
        assertEquals(10_000, single.getConnectTimeout());
        assertEquals(3_000, single.getTimeout());

        RedisConnection sized = RedisConnection.builder().url("redis://h").poolSizedFor(4, 3, 2).minIdle(100).build();
        assertEquals(4 * 3 + 4 + 2 + 4, sized.poolSize());
        assertEquals(sized.poolSize(), sized.minIdle(), "min idle capped at the pool size");
    }

    @Test
    void invalidSettingsAreRejectedClearly() {
        assertEquals("Redis URL is empty", assertThrows(IllegalArgumentException.class,
                () -> RedisConnection.fromUrl(null)).getMessage());
        assertEquals("Redis connection needs a url or a host", assertThrows(IllegalArgumentException.class,
                () -> RedisConnection.builder().build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisConnection.builder().host("h").poolSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> RedisConnection.builder().host("h").minIdle(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> RedisConnection.builder().host("h").responseTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> RedisConnection.builder().host("h").port(0).build());
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class, () -> RedisConnection
                .builder().url("rediss://u:" + ENCODED + "@h").truststore(Path.of("/no/such.p12"), null).build());
        assertEquals("TLS truststore is not a readable file: /no/such.p12", noFile.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RedisConnection.fromUrl("redis://u:" + SECRET + "@h"));
        assertFalse(bad.getMessage().contains("w/rd"), bad.getMessage());
    }

    @Test
    void unreachableServerFailsWithoutThePassword() {
        RedisConnection c = RedisConnection.builder().url("redis://u:" + ENCODED + "@127.0.0.1:1")
                .connectTimeout(Duration.ofMillis(500)).retryAttempts(0).build();
        RedisConnectException e = assertThrows(RedisConnectException.class, c::connect);
        assertFalse(e instanceof RedisAuthenticationException, e.toString());
        assertTrue(e.getMessage().startsWith("could not connect to redis://u:***@127.0.0.1:1: "), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
        }
    }
}
