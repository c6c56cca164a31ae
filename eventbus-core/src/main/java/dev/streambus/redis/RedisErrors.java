package dev.streambus.redis;

/** Recognises the Redis error replies the bus reacts to, wherever Redisson wraps them. */
public final class RedisErrors {

    private RedisErrors() {
    }

    /** The consumer group or stream is gone (e.g. Redis restarted without persistence). */
    public static boolean isNoGroup(Throwable error) {
        return hasMessage(error, "NOGROUP");
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
