package dev.streambus.redis.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.redisson.config.Config;

/**
 * A parsed Redis connection URL: {@code redis://[[user]:password@]host[:port][/db]} or the TLS variant
 * {@code rediss://...}; for Redis Cluster {@code redis+cluster://[[user]:password@]host1:port1,host2:port2} (seed
 * nodes, no database) or {@code rediss+cluster://...} with TLS.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #toString()} never contains the password: any user-info is rendered as {@code ***}.</li>
 *   <li>{@link #parse(String)} rejects malformed input with an {@link IllegalArgumentException} whose message never
 *       echoes the password (or the raw user-info).</li>
 *   <li>User-info is percent-decoded, so passwords may contain {@code @ : /} when encoded ({@code %40 %3A %2F}).
 *       {@code user:pass} sets both; {@code :pass} or a lone {@code pass} (no colon) sets only the password, as
 *       with {@code requirepass}.</li>
 *   <li>The port defaults to 6379 and the database to 0. A cluster URL with a database ({@code /N}) is refused:
 *       Redis Cluster has only database 0.</li>
 * </ul>
 *
 * @param scheme       {@code redis}, {@code rediss}, {@code redis+cluster} or {@code rediss+cluster}
 * @param host         host name or IP literal (IPv6 literals keep their brackets); for a cluster, the first seed
 * @param port         TCP port; for a cluster, the first seed's
 * @param username     ACL user name, or {@code null}
 * @param password     password, or {@code null}
 * @param database     logical database index (0..); always 0 for a cluster
 * @param clusterNodes for a cluster, every seed node as {@code host:port} (the first is {@code host:port}); empty
 *                     for a single server
 */
public record RedisUrl(String scheme, String host, int port, String username, String password, int database,
                       List<String> clusterNodes) {

    /** Default Redis port. */
    public static final int DEFAULT_PORT = 6379;

    private static final List<String> SCHEMES = List.of("redis", "rediss", "redis+cluster", "rediss+cluster");
    private static final String CLUSTER_SUFFIX = "+cluster";

    /** Validates the components; never echoes the password. */
    public RedisUrl {
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("Redis URL scheme must be one of " + SCHEMES + ", got '" + scheme
                    + "'");
        }
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
        boolean cluster = scheme.endsWith(CLUSTER_SUFFIX);
        if (cluster && clusterNodes.isEmpty()) {
            clusterNodes = List.of(host + ":" + port);
        }
        if (!cluster && !clusterNodes.isEmpty()) {
            throw new IllegalArgumentException("a list of nodes needs a redis+cluster:// or rediss+cluster:// URL");
        }
        if (cluster && database != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0: remove '/" + database
                    + "' from the " + scheme + ":// URL");
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

    /** A single-server URL (no cluster nodes). */
    public RedisUrl(String scheme, String host, int port, String username, String password, int database) {
        this(scheme, host, port, username, password, database, List.of());
    }

    /**
     * A cluster URL without credentials from seed nodes {@code host[:port]} (the builder equivalent of
     * {@code redis+cluster://h1:p1,h2:p2}; add credentials with {@link #withCredentials} or on the connection
     * builder).
     *
     * @param tls {@code rediss+cluster://} if true
     * @throws IllegalArgumentException if {@code nodes} is empty or a node is not {@code host[:port]}
     */
    public static RedisUrl cluster(boolean tls, List<String> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster URL needs at least one node");
        }
        return parse((tls ? "rediss" : "redis") + CLUSTER_SUFFIX + "://" + String.join(",", nodes));
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
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException(
                    "Redis URL scheme must be one of " + SCHEMES + ", got '" + safe(scheme) + "'");
        }
        if (scheme.endsWith(CLUSTER_SUFFIX)) {
            return parseCluster(scheme, trimmed.substring(schemeEnd + 3));
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

        String[] credentials = credentials(uri.getRawUserInfo());

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
        return new RedisUrl(scheme, host, port, credentials[0], credentials[1], database);
    }

    /** {user, password} from raw (percent-encoded) user-info; either may be null. */
    private static String[] credentials(String rawUserInfo) {
        if (rawUserInfo == null || rawUserInfo.isEmpty()) {
            return new String[2];
        }
        int colon = rawUserInfo.indexOf(':');
        return colon < 0 ? new String[] {null, decode(rawUserInfo)}
                : new String[] {decode(rawUserInfo.substring(0, colon)), decode(rawUserInfo.substring(colon + 1))};
    }

    /** {@code rest} is everything after {@code scheme://}: {@code [userinfo@]h1:p1,h2:p2[/]}. */
    private static RedisUrl parseCluster(String scheme, String rest) {
        if (rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("Redis URL query parameters and fragments are not supported");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("Redis Cluster has only database 0: remove '" + safe(path)
                    + "' from the " + scheme + ":// URL");
        }
        int at = authority.lastIndexOf('@');
        String[] credentials = credentials(at < 0 ? null : authority.substring(0, at));
        List<String> nodes = new ArrayList<>();
        String host = null;
        int port = 0;
        for (String node : authority.substring(at + 1).split(",", -1)) {
            URI uri;
            try {
                uri = new URI("redis://" + node.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Redis Cluster URL node '" + safe(node) + "' is not host:port");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null
                    || !uri.getRawPath().isEmpty()) {
                throw new IllegalArgumentException("Redis Cluster URL node '" + safe(node)
                        + "' is not host:port (nodes are separated by ',')");
            }
            int nodePort = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
            if (host == null) {
                host = uri.getHost();
                port = nodePort;
            }
            nodes.add(uri.getHost() + ":" + nodePort);
        }
        return new RedisUrl(scheme, host, port, credentials[0], credentials[1], 0, nodes);
    }

    /** True for {@code rediss://} and {@code rediss+cluster://}. */
    public boolean tls() {
        return scheme.startsWith("rediss");
    }

    /** True for {@code redis+cluster://} and {@code rediss+cluster://}: Redisson's cluster mode. */
    public boolean cluster() {
        return scheme.endsWith(CLUSTER_SUFFIX);
    }

    /** True if a password is set. */
    public boolean hasPassword() {
        return password != null;
    }

    /** The same endpoint and database with no user name or password. */
    public RedisUrl withoutCredentials() {
        return new RedisUrl(scheme, host, port, null, null, database, clusterNodes);
    }

    /** This URL with the given credentials ({@code null} clears them). */
    public RedisUrl withCredentials(String username, String password) {
        return new RedisUrl(scheme, host, port, username, password, database, clusterNodes);
    }

    /**
     * {@code redis[s]://host:port} — what Redisson's {@code setAddress} takes; no credentials, no database. For a
     * cluster, the first seed node.
     */
    public String address() {
        return transport() + "://" + host + ":" + port;
    }

    /** Every seed node as {@code redis[s]://host:port} for a cluster; just {@link #address()} for one server. */
    public List<String> addresses() {
        return cluster() ? clusterNodes.stream().map(n -> transport() + "://" + n).toList() : List.of(address());
    }

    private String transport() {
        return tls() ? "rediss" : "redis";
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
     * A Redisson {@link Config} for this URL: single-server with address and database, or for a cluster URL cluster
     * mode with every seed node; user name and password on {@link Config} itself (never in the address). Nothing
     * else is set; callers add codec, pool sizes and timeouts.
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
        if (cluster()) {
            config.useClusterServers().setNodeAddresses(addresses());
        } else {
            config.useSingleServer()
                    .setAddress(address())
                    .setDatabase(database);
        }
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
        sb.append(cluster() ? String.join(",", clusterNodes) : host + ":" + port);
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
