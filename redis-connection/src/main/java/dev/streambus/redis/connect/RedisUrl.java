package dev.streambus.redis.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.redisson.config.Config;

/**
 * A parsed Redis connection URL: {@code redis://[[user]:password@]host[:port][/db]} or the TLS variant
 * {@code rediss://...}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #toString()} never contains the password: any user-info is rendered as {@code ***}.</li>
 *   <li>{@link #parse(String)} rejects malformed input with an {@link IllegalArgumentException} whose message never
 *       echoes the password (or the raw user-info).</li>
 *   <li>User-info is percent-decoded, so passwords may contain {@code @ : /} when encoded ({@code %40 %3A %2F}).
 *       {@code user:pass} sets both; {@code :pass} or a lone {@code pass} (no colon) sets only the password, as
 *       with {@code requirepass}.</li>
 *   <li>The port defaults to 6379 and the database to 0.</li>
 * </ul>
 *
 * @param scheme   {@code redis} or {@code rediss}
 * @param host     host name or IP literal (IPv6 literals keep their brackets)
 * @param port     TCP port
 * @param username ACL user name, or {@code null}
 * @param password password, or {@code null}
 * @param database logical database index (0..)
 */
public record RedisUrl(String scheme, String host, int port, String username, String password, int database) {

    /** Default Redis port. */
    public static final int DEFAULT_PORT = 6379;

    /** Validates the components; never echoes the password. */
    public RedisUrl {
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("Redis URL scheme must be 'redis' or 'rediss', got '" + scheme + "'");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis URL has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis URL port out of range 1..65535: " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis URL database index must be >= 0: " + database);
        }
        if (username != null && username.isEmpty()) {
            username = null;
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
    }

    /** A plain {@code redis://host:port} URL without credentials, database 0. */
    public static RedisUrl of(String host, int port) {
        return new RedisUrl("redis", host, port, null, null, 0);
    }

    /**
     * Parses a Redis URL.
     *
     * @throws IllegalArgumentException with a message that never contains the password
     */
    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Redis URL is empty");
        }
        String trimmed = url.strip();
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException(
                    "Redis URL must look like redis://[user:password@]host[:port][/db] (missing 'scheme://')");
        }
        String scheme = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException(
                    "Redis URL scheme must be 'redis' or 'rediss', got '" + safe(scheme) + "'");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // e.getMessage() would quote the whole input (password included); use only the reason and index
            throw new IllegalArgumentException("Redis URL is not a valid URI: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")
                    + " (percent-encode special characters in the password)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Redis URL query parameters and fragments are not supported");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            String auth = uri.getRawAuthority();
            boolean hadUserInfo = auth != null && auth.contains("@");
            throw new IllegalArgumentException("Redis URL has no valid host"
                    + (hadUserInfo ? " (percent-encode special characters in the password)" : ""));
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();

        String username = null;
        String password = null;
        String rawUserInfo = uri.getRawUserInfo();
        if (rawUserInfo != null && !rawUserInfo.isEmpty()) {
            int colon = rawUserInfo.indexOf(':');
            if (colon < 0) {
                password = decode(rawUserInfo);
            } else {
                username = decode(rawUserInfo.substring(0, colon));
                password = decode(rawUserInfo.substring(colon + 1));
            }
        }

        int database = 0;
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            String db = path.substring(1);
            if (!db.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException(
                        "Redis URL path must be a database number like /0, got '" + safe(db) + "'");
            }
            database = Integer.parseInt(db);
        }
        return new RedisUrl(scheme, host, port, username, password, database);
    }

    /** True for {@code rediss://}. */
    public boolean tls() {
        return scheme.equals("rediss");
    }

    /** True if a password is set. */
    public boolean hasPassword() {
        return password != null;
    }

    /** The same endpoint and database with no user name or password. */
    public RedisUrl withoutCredentials() {
        return new RedisUrl(scheme, host, port, null, null, database);
    }

    /** This URL with the given credentials ({@code null} clears them). */
    public RedisUrl withCredentials(String username, String password) {
        return new RedisUrl(scheme, host, port, username, password, database);
    }

    /** {@code scheme://host:port} — what Redisson's {@code setAddress} takes; no credentials, no database. */
    public String address() {
        return scheme + "://" + host + ":" + port;
    }

    /** {@code host:port}, for log messages. */
    public String hostPort() {
        return host + ":" + port;
    }

    /**
     * The full URL <b>including the password</b>, percent-encoded so that {@link #parse(String)} round-trips it.
     * Do not log this; log {@link #toString()} instead.
     */
    public String toUrl() {
        return render(Rendering.FULL);
    }

    /**
     * A Redisson single-server {@link Config} for this URL: address and database on the server config, user name
     * and password on {@link Config} itself (never in the address). Nothing else is
     * set; callers add codec, pool sizes and timeouts.
     */
    public Config toRedissonConfig() {
        Config config = new Config();
        // Redisson 4 takes credentials on Config (the per-server setters are deprecated and log a warning)
        if (username != null) {
            config.setUsername(username);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.useSingleServer()
                .setAddress(address())
                .setDatabase(database);
        return config;
    }

    /**
     * The URL with the user name kept and the password replaced by {@code ***}, e.g.
     * {@code redis://app:***@cache:6379/2} or {@code redis://:***@cache:6379}; never contains the password. For
     * error messages, where knowing which user failed helps.
     */
    public String redacted() {
        return render(Rendering.USER_ONLY);
    }

    /** The URL with any user-info replaced by {@code ***}; never contains the password (nor the user name). */
    @Override
    public String toString() {
        return render(Rendering.MASKED);
    }

    private enum Rendering { FULL, USER_ONLY, MASKED }

    private String render(Rendering rendering) {
        StringBuilder sb = new StringBuilder(scheme).append("://");
        if (username != null || password != null) {
            if (rendering == Rendering.MASKED) {
                sb.append("***");
            } else {
                if (username != null) {
                    sb.append(encode(username));
                }
                if (password != null) {
                    sb.append(':').append(rendering == Rendering.FULL ? encode(password) : "***");
                }
            }
            sb.append('@');
        }
        sb.append(host).append(':').append(port);
        if (database != 0) {
            sb.append('/').append(database);
        }
        return sb.toString();
    }

    private static String safe(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String decode(String raw) {
        // percent-decoding only; '+' stays '+', unlike URLDecoder
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("Redis URL user-info has a truncated %-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("Redis URL user-info has an invalid %-escape");
                }
                out.write((hi << 4) | lo);
                i += 3;
            } else {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
