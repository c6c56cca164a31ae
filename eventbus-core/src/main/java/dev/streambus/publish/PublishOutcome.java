package dev.streambus.publish;

import dev.streambus.redis.connect.RedisFailures;
import org.redisson.RedissonShutdownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.WriteRedisConnectionException;

import java.net.ConnectException;

/**
 * What a failed publish left in Redis, as far as the publisher can tell (see {@link PublishException#outcome()}).
 */
public enum PublishOutcome {

    /**
     * Nothing was stored: the command never reached Redis (no connection, not written) or Redis refused it with an
     * error reply (WRONGTYPE, NOPERM, OOM, ...), which it gives before writing anything. Retrying is safe.
     */
    NOT_STORED,

    /**
     * The command may have been executed: it was sent and no reply came (response timeout, connection lost after
     * sending, interrupted while waiting). The entry may be in the stream. Retry with the same idempotency key
     * (stores it at most once), or look for it before retrying without one.
     */
    UNKNOWN,

    /**
     * Stored, but fewer replicas than {@link PublisherConfig#replicaAcks()} asks for confirmed it in time: the entry
     * is in the master's stream (its id is in the message), and a failover before it replicates would lose it.
     * Retrying with the same idempotency key returns the same id; without one a retry stores it again.
     */
    STORED_UNREPLICATED;

    /**
     * Classifies a failure of ONE send attempt (the publisher disables Redisson's own resending, so the failure
     * describes the only attempt). Anything not known to precede sending, or to be a refusal, is {@link #UNKNOWN}.
     */
    static PublishOutcome of(Throwable failure) {
        return neverSent(failure) || refused(failure) ? NOT_STORED : UNKNOWN;
    }

    /** The command was never written to a connection: connection refused, none available, or the write failed. */
    static boolean neverSent(Throwable failure) {
        for (Throwable t : RedisFailures.causes(failure)) {
            if (t instanceof RedisResponseTimeoutException || t instanceof RedisReconnectedException) {
                return false;                      // written, then no reply
            }
            if (t instanceof ConnectException || t instanceof WriteRedisConnectionException
                    || t instanceof RedisConnectionException) {
                return true;                       // no connection to write to, or the write itself failed
            }
            if (t instanceof RedisTimeoutException timeout && timeout.getMessage() != null
                    && (timeout.getMessage().startsWith("Unable to acquire connection")
                    || timeout.getMessage().startsWith("Command still hasn't been written"))) {
                return true;
            }
        }
        return false;
    }

    /** Redis answered with an error reply: it did not execute the command (or the script wrote nothing). */
    static boolean refused(Throwable failure) {
        for (Throwable t : RedisFailures.causes(failure)) {
            if (t instanceof RedisException && !(t instanceof RedisTimeoutException)
                    && !(t instanceof RedisConnectionException) && !(t instanceof RedisReconnectedException)
                    && !(t instanceof RedissonShutdownException)
                    && RedisFailures.isErrorReply(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
