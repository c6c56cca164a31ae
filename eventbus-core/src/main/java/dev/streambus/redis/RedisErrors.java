package dev.streambus.redis;

import dev.streambus.redis.connect.RedisFailures;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisRedirectException;
import org.redisson.client.RedisTryAgainException;

import java.util.List;

/**
 * Recognises the Redis error replies the bus reacts to, wherever Redisson wraps them. To show one to a person, use
 * {@link dev.streambus.redis.connect.RedisFailures#describe(Throwable)}.
 */
public final class RedisErrors {

    /** Error replies that go away by themselves: failover, loading, a busy script, a deleted key or group. */
    private static final List<String> TRANSIENT = List.of("NOGROUP ", "LOADING ", "BUSY ", "TRYAGAIN ",
            "MASTERDOWN ", "CLUSTERDOWN ", "MOVED ", "ASK ", "OOM ", "NOREPLICAS ", "READONLY ", "UNBLOCKED ",
            "ERR max number of clients");

    private RedisErrors() {
    }

    /** The consumer group or stream is gone (e.g. Redis restarted without persistence). */
    public static boolean isNoGroup(Throwable error) {
        return hasMessage(error, "NOGROUP");
    }

    /**
     * Error replies that the same command gets again until an operator acts: a missing permission ({@code NOPERM}),
     * a key of another type ({@code WRONGTYPE}), a script the server refuses or cannot run ({@code NOSCRIPT},
     * {@code ERR Error running script}, {@code ERR The user executing the script can't run ...}), an unknown command;
     * in general every error reply except the transient ones ({@code NOGROUP}, {@code LOADING}, {@code BUSY},
     * {@code TRYAGAIN}, {@code MASTERDOWN}, {@code OOM}, {@code READONLY}, ...). Connection errors and timeouts are
     * not error replies, so never permanent.
     */
    public static boolean isPermanent(Throwable error) {
        for (Throwable t : RedisFailures.causes(error)) {
            String message = t.getMessage();
            if (RedisFailures.isErrorReply(message)) {
                return TRANSIENT.stream().noneMatch(message::startsWith);
            }
        }
        return false;
    }

    /**
     * The cluster's topology is changing under the command: a slot moved ({@code MOVED}, {@code ASK}), is being
     * migrated ({@code TRYAGAIN}), the cluster is down for a moment ({@code CLUSTERDOWN}), or a blocked read was
     * released because its key moved away ({@code UNBLOCKED ... no longer exists}). Retried, not a failure.
     */
    public static boolean isTopologyChange(Throwable error) {
        for (Throwable t : RedisFailures.causes(error)) {
            if (t instanceof RedisRedirectException || t instanceof RedisTryAgainException
                    || t instanceof RedisClusterDownException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.startsWith("MOVED ") || m.startsWith("ASK ") || m.startsWith("TRYAGAIN")
                    || m.startsWith("CLUSTERDOWN") || m.startsWith("UNBLOCKED"))) {
                return true;
            }
        }
        return false;
    }

    /** XGROUP CREATE found the group already there. */
    public static boolean isBusyGroup(Throwable error) {
        return hasMessage(error, "BUSYGROUP");
    }

    private static boolean hasMessage(Throwable error, String code) {
        return RedisFailures.causes(error).stream().anyMatch(t -> t.getMessage() != null
                && t.getMessage().contains(code));
    }
}
