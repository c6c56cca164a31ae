package dev.streambus.localredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;

/** The verifier is registered first, so its afterEach runs after RedisExtension's cleanup. */
@ExtendWith({RedisExtensionTest.VerifyCleanedUp.class, RedisExtension.class})
class RedisExtensionTest {

    /** Keys a test created and expects to be gone after it. */
    static final List<String> CREATED = new ArrayList<>();
    static RedissonClient firstClient;
    static final List<String> PREFIXES = new ArrayList<>();

    static final class VerifyCleanedUp implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) throws IOException {
            try (Resp resp = Resp.connect(LocalRedis.resolve().redisUrl(), Duration.ofSeconds(2))) {
                for (String key : CREATED) {
                    assertEquals(0L, resp.call("EXISTS", key), "left behind: " + key);
                }
            } finally {
                CREATED.clear();
            }
        }
    }

    @Test
    void recordedAndPrefixedKeysAreDeletedAfterTheTest(RedissonClient client, TestKeys keys) {
        String stream = keys.stream("orders");
        assertTrue(stream.matches("t:RedisExtensionTest:recordedAndPrefixedKeysAreDeletedAfterTheTest:[a-z0-9]{6}:orders"),
                stream);
        client.getStream(stream).add(StreamAddArgs.entry("k", "v"));
        String unrecorded = keys.prefix() + "made-by-hand";
        client.getBucket(unrecorded).set("x");
        CREATED.add(stream);
        CREATED.add(unrecorded);
        assertEquals(List.of(stream), keys.recorded());
        assertEquals(2, client.getKeys().countExists(stream, unrecorded));
        remember(client, keys);
    }

    @Test
    void streamWithConsumerGroupIsDeletedToo(RedissonClient client, TestKeys keys, LocalRedis redis) {
        assertSame(LocalRedis.resolve(), redis);
        String stream = keys.stream("payments");
        String group = keys.name("projector");
        assertTrue(group.startsWith("streamWithConsumerGroupIsDeletedToo-"), group);
        assertTrue(group.endsWith("-projector"), group);
        client.getStream(stream).add(StreamAddArgs.entry("k", "v"));
        client.<String, String>getStream(stream).createGroup(
                org.redisson.api.stream.StreamCreateGroupArgs.name(group));
        CREATED.add(stream);
        remember(client, keys);
    }

    @Test
    void assumeRedisAtLeastSkipsWithAReason() {
        RedisExtension.assumeRedisAtLeast(6, 2, "streams with XAUTOCLAIM");
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> RedisExtension.assumeRedisAtLeast(99, 0, "time travel"));
        assertTrue(e.getMessage().contains("time travel needs Redis >= 99.0, but Redis "), e.getMessage());
    }

    private static synchronized void remember(RedissonClient client, TestKeys keys) {
        if (firstClient == null) {
            firstClient = client;
        } else {
            assertSame(firstClient, client, "one client per test class");
        }
        for (String p : PREFIXES) {
            assertNotEquals(p, keys.prefix());
        }
        PREFIXES.add(keys.prefix());
    }

    @Nested
    class NestedClass {
        @Test
        void reusesTheEnclosingClient(RedissonClient client, TestKeys keys) {
            String key = keys.key("nested");
            client.getBucket(key).set("1");
            CREATED.add(key);
            if (firstClient != null) {
                assertSame(firstClient, client, "nested class reuses the enclosing class's client");
            }
            assertTrue(key.startsWith("t:NestedClass:reusesTheEnclosingClient:"), key);
        }
    }
}
