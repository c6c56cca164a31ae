package dev.streambus.redis.connect;

/**
 * Redis refused the credentials (wrong password, unknown or disabled ACL user, or a password is required but none was
 * given). The message reads {@code authentication failed for redis://user:***@host:port: <server reply>} and never
 * contains the password.
 */
public final class RedisAuthenticationException extends RedisConnectException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message must already be free of secrets. */
    public RedisAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
