package dev.streambus.redis;

import org.redisson.client.RedisException;

import java.util.List;
import java.util.regex.Pattern;

/** Recognises the Redis error replies the bus reacts to, wherever Redisson wraps them. */
public final class RedisErrors {

    /** An error reply: an upper-case code, then the message ({@code NOPERM this user has no permissions ...}). */
    private static final Pattern ERROR_REPLY = Pattern.compile("^[A-Z][A-Z_]+ ");

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
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && ERROR_REPLY.matcher(message).find()) {
                return TRANSIENT.stream().noneMatch(message::startsWith);
            }
        }
        return false;
    }

    /**
     * The Redis error reply of {@code error} (e.g. {@code NOPERM ... 'evalsha' command}), without what Redisson
     * appends (channel, command, parameters: these can hold a whole Lua script), at most 300 characters; the
     * exception's own message when there is no error reply.
     */
    public static String reply(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null && message == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t instanceof RedisException) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            message = String.valueOf(error.getMessage() != null ? error.getMessage() : error);
        }
        int dump = message.indexOf(". channel: ");
        String reply = dump >= 0 ? message.substring(0, dump) : message;
        return reply.length() > 300 ? reply.substring(0, 300) + "..." : reply;
    }

    /** XGROUP CREATE found the group already there. */
    public static boolean isBusyGroup(Throwable error) {
        return hasMessage(error, "BUSYGROUP");
    }

    private static boolean hasMessage(Throwable error, String code) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(code)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
