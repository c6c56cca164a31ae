package dev.streambus.redis.connect;

/**
 * A Redis operation failed. The message says what was being done, on which key, and what Redis answered, in one
 * short line ({@code "reading the status of stream 'orders' failed: NOPERM this user has no permissions to run the
 * 'evalsha_ro' command"}); it never contains Redisson's channel dump, command arguments or script source. The
 * original exception is the cause.
 */
public class RedisOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message must already be short and free of secrets. */
    public RedisOperationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "<what> failed: <what Redis said>"} (see {@link RedisFailures#describe}), {@code error} as the cause. */
    public static RedisOperationException failed(String what, Throwable error) {
        return new RedisOperationException(what + " failed: " + RedisFailures.describe(error),
                RedisFailures.unwrap(error));
    }
}
