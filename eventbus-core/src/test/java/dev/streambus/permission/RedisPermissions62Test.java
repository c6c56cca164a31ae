package dev.streambus.permission;

import dev.streambus.localredis.RedisServerProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RedisPermissionsTest} on the embedded Redis 6.2 (no EVALSHA_RO, older NOPERM wordings). */
class RedisPermissions62Test extends RedisPermissionsTest {

    @Override
    RedisServerProcess newServer() {
        return RedisServerProcess.create().useEmbeddedBinary();
    }

    @Test
    void runsOnRedis62() {
        assertTrue(server.command("INFO", "server").toString().contains("redis_version:6.2."));
    }
}
