package dev.streambus.redis.connect;

import java.util.List;
import java.util.Locale;

import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisWrongPasswordException;

/** Turns whatever Redisson threw while connecting into a {@link RedisConnectException} free of the password. */
final class ConnectFailures {

    /** Server replies (and Redisson wordings) that mean the credentials were refused. */
    private static final List<String> AUTH_MARKERS = List.of("WRONGPASS", "NOAUTH", "INVALID PASSWORD",
            "INVALID USERNAME-PASSWORD", "AUTHENTICATION REQUIRED");

    private ConnectFailures() {
    }

    /**
     * The exception to throw for {@code error}, naming {@code server} (already redacted). The original error is kept
     * as the cause only if no message in its chain contains {@code secret}.
     */
    static RedisConnectException translate(Throwable error, String server, String secret) {
        Throwable auth = authFailure(error);
        Throwable reason = auth != null ? auth : innermost(error);
        String detail = scrub(RedisFailures.tidy(String.valueOf(reason.getMessage())), secret);
        Throwable cause = mentions(error, secret) ? null : error;
        if (auth != null) {
            return new RedisAuthenticationException("authentication failed for " + server + ": " + detail, cause);
        }
        return new RedisConnectException("could not connect to " + server + ": " + detail, cause);
    }

    private static Throwable authFailure(Throwable error) {
        for (Throwable t : RedisFailures.causes(error)) {
            if (t instanceof RedisWrongPasswordException || t instanceof RedisAuthRequiredException) {
                return t;
            }
            String message = t.getMessage();
            if (message != null) {
                String upper = message.toUpperCase(Locale.ROOT);
                if (AUTH_MARKERS.stream().anyMatch(upper::contains)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Throwable innermost(Throwable error) {
        Throwable last = error;
        for (Throwable t : RedisFailures.causes(error)) {
            if (t.getMessage() != null) {
                last = t;
            }
        }
        return last;
    }

    private static boolean mentions(Throwable error, String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        for (Throwable t : RedisFailures.causes(error)) {
            if (String.valueOf(t.getMessage()).contains(secret) || String.valueOf(t).contains(secret)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (mentions(suppressed, secret)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code text} with every occurrence of {@code secret} replaced by {@code ***}. */
    static String scrub(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

}
