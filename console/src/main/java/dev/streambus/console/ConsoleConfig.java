package dev.streambus.console;

import dev.streambus.deadletter.RedisDeadLetters;
import dev.streambus.compat.failed.FailedMessage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * How the web console listens and what it shows.
 *
 * @param bind             address to listen on; a non-loopback address requires {@code token}
 * @param port             TCP port; 0 picks a free one
 * @param readOnly         true: no state-changing action is offered or accepted
 * @param token            access token every request must carry (cookie set by {@code /?token=...}, or
 *                         {@code Authorization: Bearer}); null on loopback means none
 * @param streamMatch      glob of the streams listed
 * @param pageSize         streams per page of the overview (bounds the Redis calls of one refresh)
 * @param deadLetterSuffix dead letters of stream {@code s} live in {@code {s} + suffix} (older ones in {@code s + suffix})
 * @param failedSetKey     Laravel Streamer's failed-messages SET
 * @param maxTails         live tails (SSE) open at once
 */
public record ConsoleConfig(String bind, int port, boolean readOnly, String token, String streamMatch, int pageSize,
                            String deadLetterSuffix, String failedSetKey, int maxTails) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    /** Validates: a non-loopback bind needs a token of at least 16 characters. */
    public ConsoleConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("the access token must have at least 16 characters");
        }
        if (token == null && !isLoopback(bind)) {
            throw new IllegalArgumentException("binding to " + bind + " (not loopback) requires an access token");
        }
        if (streamMatch == null || streamMatch.isEmpty()) {
            throw new IllegalArgumentException("stream match must not be empty");
        }
        if (pageSize < 1 || pageSize > 200) {
            throw new IllegalArgumentException("page size must be 1..200, got " + pageSize);
        }
        if (deadLetterSuffix == null || deadLetterSuffix.isEmpty()) {
            throw new IllegalArgumentException("dead-letter suffix must not be empty");
        }
        Objects.requireNonNull(failedSetKey, "failedSetKey");
        if (maxTails < 1) {
            throw new IllegalArgumentException("maxTails must be >= 1, got " + maxTails);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A random URL-safe token (24 bytes from {@link SecureRandom}). */
    public static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True for 127.0.0.0/8, ::1 and {@code localhost}; resolves names. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Builder with the defaults: 127.0.0.1:8080, actions on, no token, every stream, 50 per page. */
    public static final class Builder {
        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private boolean readOnly;
        private String token;
        private String streamMatch = "*";
        private int pageSize = 50;
        private String deadLetterSuffix = RedisDeadLetters.DEFAULT_SUFFIX;
        private String failedSetKey = FailedMessage.SET_KEY;
        private int maxTails = 8;

        /** Address to listen on; default {@code 127.0.0.1} (any other needs a token). */
        public Builder bind(String bind) {
            this.bind = bind;
            return this;
        }

        /** Port to listen on; default 8080 (0: a free port). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Views only: every action is absent from the page and refused with 403; default false. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Access token the page must present; default none (required, generated if absent, for a non-loopback bind). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** SCAN pattern of the streams shown; default {@code *}. */
        public Builder streamMatch(String streamMatch) {
            this.streamMatch = streamMatch;
            return this;
        }

        /** Rows per page of every list (streams, pending, entries); default 50. */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Suffix of the dead-letter streams; default the consumers' default. */
        public Builder deadLetterSuffix(String deadLetterSuffix) {
            this.deadLetterSuffix = deadLetterSuffix;
            return this;
        }

        /** Key of Laravel's failed-message set; default Laravel Streamer's own. */
        public Builder failedSetKey(String failedSetKey) {
            this.failedSetKey = failedSetKey;
            return this;
        }

        /** Live tails (Server-Sent Events) served at once; default 8. */
        public Builder maxTails(int maxTails) {
            this.maxTails = maxTails;
            return this;
        }

        /** The validated settings; throws {@link IllegalArgumentException} naming a bad one. */
        public ConsoleConfig build() {
            return new ConsoleConfig(bind, port, readOnly, token, streamMatch, pageSize, deadLetterSuffix,
                    failedSetKey, maxTails);
        }
    }
}
