package dev.streambus.redis.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

class RedisUrlTest {

    private static final String SECRET = "Sup3r$ecret";

    @Test
    void parsesPlainUrlWithDefaults() {
        RedisUrl url = RedisUrl.parse("redis://127.0.0.1");
        assertEquals(new RedisUrl("redis", "127.0.0.1", 6379, null, null, 0), url);
        assertEquals("redis://127.0.0.1:6379", url.toString());
        assertEquals("redis://127.0.0.1:6379", url.address());
        assertFalse(url.tls());
    }

    @Test
    void parsesUserPasswordAndDatabaseAndMasksThem() {
        RedisUrl url = RedisUrl.parse("rediss://alice:" + SECRET.replace("$", "%24") + "@cache.example.com:6380/3");
        assertEquals("rediss", url.scheme());
        assertEquals("cache.example.com", url.host());
        assertEquals(6380, url.port());
        assertEquals("alice", url.username());
        assertEquals(SECRET, url.password());
        assertEquals(3, url.database());
        assertTrue(url.tls());
        assertEquals("rediss://***@cache.example.com:6380/3", url.toString());
        assertEquals("rediss://cache.example.com:6380", url.address());
        assertEquals("rediss://cache.example.com:6380/3", url.withoutCredentials().toString());
        assertEquals(url, RedisUrl.parse(url.toUrl()), "toUrl round-trips, credentials included");
    }

    @Test
    void passwordOnlyForms() {
        RedisUrl colon = RedisUrl.parse("redis://:" + "pw@localhost:7000");
        assertNull(colon.username());
        assertEquals("pw", colon.password());
        RedisUrl bare = RedisUrl.parse("redis://pw@localhost:7000");
        assertNull(bare.username());
        assertEquals("pw", bare.password());
        assertEquals("redis://***@localhost:7000", bare.toString());
    }

    @Test
    void percentEncodedSpecialCharactersInPassword() {
        RedisUrl url = RedisUrl.parse("redis://u:p%40ss%3Aw%2Frd+x@h:1");
        assertEquals("p@ss:w/rd+x", url.password());
        assertEquals(url, RedisUrl.parse(url.toUrl()));
    }

    @Test
    void toRedissonConfigCarriesCredentialsOutsideTheAddress() {
        Config config = RedisUrl.parse("redis://alice:" + SECRET.replace("$", "%24") + "@h:7001/2").toRedissonConfig();
        SingleServerConfig single = config.useSingleServer();
        assertEquals("redis://h:7001", single.getAddress());
        assertEquals("alice", config.getUsername());
        assertEquals(SECRET, config.getPassword());
        assertEquals(2, single.getDatabase());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://u:" + SECRET + "@h:1",          // wrong scheme
        "127.0.0.1:6379",                        // no scheme
        "redis://u:" + SECRET + "@:6379",        // no host
        "redis://u:" + SECRET + "@h:99999",      // bad port
        "redis://u:" + SECRET + "@h:1/abc",      // bad db
        "redis://u:" + SECRET + "@h:1/0?x=1",    // query
        "redis://u:" + SECRET + " x@h:1",        // unencoded space
        "redis://u:" + SECRET + "%zz@h:1",       // bad escape
        "redis://u:" + SECRET + "@h@x:1",        // stray @
        "",
    })
    void badUrlsGiveClearErrorsWithoutThePassword(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(bad));
        assertTrue(e.getMessage().startsWith("Redis URL"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("Sup3r"), e.getMessage());
    }

    @Test
    void recordToStringNeverShowsPassword() {
        RedisUrl url = new RedisUrl("redis", "h", 1, "bob", SECRET, 0);
        assertFalse(url.toString().contains(SECRET));
        assertFalse(url.toString().contains("bob"));
    }
}
