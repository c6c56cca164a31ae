package dev.streambus.localredis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

@RedisTest
class RedisTestAnnotationTest {

    static RedissonClient classClient;

    @BeforeAll
    static void before(RedissonClient client) {
        classClient = client;
    }

    @Test
    void injectsTheClassClient(RedissonClient client, TestKeys keys) {
        assertEquals(classClient, client);
        String key = keys.key("counter");
        assertEquals(1L, client.getAtomicLong(key).incrementAndGet());
    }

    @AfterAll
    static void after() {
        assertFalse(classClient.isShutdown(), "shut down only after @AfterAll methods");
    }
}
