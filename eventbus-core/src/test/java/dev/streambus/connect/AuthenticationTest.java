package dev.streambus.connect;

import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.redis.connect.RedisAuthenticationException;
import dev.streambus.redis.connect.RedisConnectException;
import dev.streambus.redis.connect.RedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** requirepass and ACL users against a private redis-server: good credentials connect, bad ones fail clearly. */
class AuthenticationTest {

    private static final String PASSWORD = "Req-P4ss%word";
    private static final String ACL_SECRET = "s3cret";
    private static RedisServerProcess server;

    @BeforeAll
    static void startServer() {
        server = RedisServerProcess.create().requirePass(PASSWORD).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private String url(String userInfo) {
        return "redis://" + userInfo + "@127.0.0.1:" + server.port();
    }

    @Test
    void requirePassConnectsWithThePasswordFromTheUrl() {
        RedisConnection connection = RedisConnection.fromUrl(url(":" + PASSWORD.replace("%", "%25")));
        assertFalse(connection.toString().contains(PASSWORD), connection.toString());
        assertRoundTrip(connection);
    }

    @Test
    void wrongPasswordFailsClearlyWithoutThePassword() {
        String wrong = "Wr0ng-Pa55-xyz";
        RedisConnection connection = server.connection().toBuilder().password(wrong).build();
        RedisConnectException e = assertThrows(RedisConnectException.class, connection::connect);
        assertInstanceOf(RedisAuthenticationException.class, e);
        assertTrue(e.getMessage().startsWith("authentication failed for redis://:***@127.0.0.1:" + server.port()),
                e.getMessage());
        assertNoSecret(e, wrong);
        assertNoSecret(e, PASSWORD);
    }

    @Test
    void missingPasswordFailsAsAuthentication() {
        RedisConnection connection = server.connection().toBuilder().password((String) null).build();
        RedisConnectException e = assertThrows(RedisConnectException.class, connection::connect);
        assertInstanceOf(RedisAuthenticationException.class, e, e.getMessage());
        assertTrue(e.getMessage().startsWith("authentication failed for redis://127.0.0.1:" + server.port()),
                e.getMessage());
    }

    @Test
    void aclUserConnectsAndAWrongAclPasswordFailsWithoutTheSecret() {
        String user = "app";
        assertEquals("OK", server.command("ACL", "SETUSER", user, "on", ">" + ACL_SECRET, "~*", "&*", "+@all"));
        assertRoundTrip(RedisConnection.fromUrl(url(user + ":" + ACL_SECRET)));

        String wrong = "n0t-" + ACL_SECRET + "-at-all";
        RedisConnection bad = RedisConnection.fromUrl(url(user + ":" + wrong));
        assertEquals("redis://app:***@127.0.0.1:" + server.port(), bad.redacted());
        RedisConnectException e = assertThrows(RedisAuthenticationException.class, bad::connect);
        assertTrue(e.getMessage().startsWith("authentication failed for redis://app:***@127.0.0.1:" + server.port()),
                e.getMessage());
        assertEquals("authentication failed for redis://app:***@127.0.0.1:" + server.port()
                + ": WRONGPASS invalid username-password pair or user is disabled", e.getMessage());
        LoggerFactory.getLogger(getClass()).info("refused as expected: {}", e.getMessage());
        assertNoSecret(e, wrong);
        assertNoSecret(e, ACL_SECRET);
    }

    private static void assertRoundTrip(RedisConnection connection) {
        RedissonClient client = connection.connect();
        try {
            client.getBucket("greeting").set("hi");
            assertEquals("hi", client.getBucket("greeting").get());
            assertEquals("org.redisson.client.codec.StringCodec", client.getConfig().getCodec().getClass().getName());
        } finally {
            client.getBucket("greeting").delete();
            client.shutdown();
        }
    }

    /** Neither any message in the chain nor the printed stack trace contains {@code secret}. */
    static void assertNoSecret(Throwable e, String secret) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.printStackTrace(new PrintStream(out, true, StandardCharsets.UTF_8));
        String trace = out.toString(StandardCharsets.UTF_8);
        assertFalse(trace.contains(secret), trace);
    }
}
