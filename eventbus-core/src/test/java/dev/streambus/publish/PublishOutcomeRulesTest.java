package dev.streambus.publish;

import org.junit.jupiter.api.Test;
import org.redisson.RedissonShutdownException;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.WriteRedisConnectionException;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static dev.streambus.publish.PublishOutcome.NOT_STORED;
import static dev.streambus.publish.PublishOutcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The classification rules for failures that a real server cannot be made to produce on demand (the stopped,
 * frozen and refusing cases are in {@link PublishOutcomeTest} and {@link PublishTest}). Messages are Redisson
 * 4.7.0's. Anything not known to precede sending, or to be a refusal, must stay UNKNOWN.
 */
class PublishOutcomeRulesTest {

    @Test
    void neverWrittenIsNotStored() {
        assertEquals(NOT_STORED, PublishOutcome.of(new RedisTimeoutException(
                "Unable to acquire connection! Increase connection pool size or timeout. Node source: ...")));
        assertEquals(NOT_STORED, PublishOutcome.of(new RedisTimeoutException(
                "Command still hasn't been written into connection! Check CPU usage of the JVM. ...")));
        assertEquals(NOT_STORED, PublishOutcome.of(new WriteRedisConnectionException(
                "Channel has been closed! Can't write command: ...")));
        assertEquals(NOT_STORED, PublishOutcome.of(new RedisConnectionException("Unable to connect to Redis server")));
        assertEquals(NOT_STORED, PublishOutcome.of(new CompletionException(new RedisException(
                "Unexpected exception while processing command", new ConnectException("Connection refused")))));
    }

    @Test
    void errorRepliesAreNotStored() {
        assertEquals(NOT_STORED, PublishOutcome.of(new RedisException(
                "NOPERM User app has no permissions to run the 'xadd' command. channel: ...")));
        assertEquals(NOT_STORED, PublishOutcome.of(new RedisBusyException("BUSY Redis is busy running a script")));
    }

    @Test
    void sentWithoutAReplyOrAnythingElseIsUnknown() {
        assertEquals(UNKNOWN, PublishOutcome.of(new RedisResponseTimeoutException(
                "Redis server response timeout (1000 ms) occurred after 0 of 0 retry attempts")));
        assertEquals(UNKNOWN, PublishOutcome.of(new RedisReconnectedException("Channel has been reconnected")));
        assertEquals(UNKNOWN, PublishOutcome.of(new RedisTimeoutException("Command execution timeout for ...")));
        assertEquals(UNKNOWN, PublishOutcome.of(new RedisException("Unexpected exception while processing command",
                new IllegalStateException("decoding the reply failed"))));
        assertEquals(UNKNOWN, PublishOutcome.of(new RedissonShutdownException("Redisson is shutdown")));
        assertEquals(UNKNOWN, PublishOutcome.of(new IllegalStateException("anything else")));
    }
}
