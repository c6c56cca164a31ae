package dev.streambus.redis.connect;

/**
 * Connecting to Redis failed: unreachable, timed out, TLS handshake refused, ... The message names the server as
 * {@link RedisUrl#redacted()} does ({@code redis://user:***@host:port}) and never contains the password; the cause,
 * when kept, is Redisson's or the JDK's original error, whose messages were checked to not contain it either.
 */
public class RedisConnectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message must already be free of secrets. */
    public RedisConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
