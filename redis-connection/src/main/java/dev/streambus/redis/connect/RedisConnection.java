package dev.streambus.redis.connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.ReadMode;

/**
 * How to connect to one Redis server (or a Redis Cluster, from a {@code redis+cluster://} URL): endpoint and
 * database, credentials, TLS, timeouts, pool and retries. Immutable; create with {@link #fromUrl(String)} or
 * {@link #builder()}:
 *
 * <pre>{@code
 * RedissonClient redisson = RedisConnection.fromUrl(System.getenv("REDIS_URL")).connect();
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #connect()} always configures {@link StringCodec} (the only codec PHP can read) and returns only once
 *       the server accepted the credentials; otherwise it throws {@link RedisAuthenticationException} ("authentication
 *       failed for redis://user:***@host:port: WRONGPASS ...") or {@link RedisConnectException}.</li>
 *   <li>{@link #toString()}, {@link #redacted()} and every exception message thrown here mask the password as
 *       {@code ***}; the password is only handed to Redisson. A {@code char[]} password is copied, so the caller may
 *       wipe its array.</li>
 *   <li>{@code rediss://} connects with TLS, verifying the server certificate and host name against the JDK's trust
 *       store or, if given, {@link Builder#truststore(Path, char[])}.</li>
 * </ul>
 */
public final class RedisConnection {

    /** Default TCP connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time to wait for a reply (blocking reads add their own BLOCK time on top). */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(3);
    /** Default retries of a command that could not be sent. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 3;
    /** Default pause between such retries. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    /** Default pool: {@code poolSizeFor(2, 8, 8)}. */
    public static final int DEFAULT_POOL_SIZE = poolSizeFor(2, 8, 8);
    /** Default connections opened eagerly (at least one, so bad credentials fail in {@link #connect()}). */
    public static final int DEFAULT_MIN_IDLE = 2;
    /** Connections beyond the workload formula, for acknowledgements, dead letters and admin commands. */
    static final int SPARE_CONNECTIONS = 4;

    private final RedisUrl endpoint;
    private final String username;
    private final char[] password;
    private final Path truststore;
    private final char[] truststorePassword;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int poolSize;
    private final int minIdle;
    private final int retryAttempts;
    private final Duration retryDelay;
    private final int threads;
    private final int nettyThreads;

    private RedisConnection(Builder b, RedisUrl endpoint, int minIdle) {
        this.endpoint = endpoint;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.truststore = b.truststore;
        this.truststorePassword = b.truststorePassword == null ? null : b.truststorePassword.clone();
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.poolSize = b.poolSize;
        this.minIdle = minIdle;
        this.retryAttempts = b.retryAttempts;
        this.retryDelay = b.retryDelay;
        this.threads = b.threads;
        this.nettyThreads = b.nettyThreads;
    }

    /**
     * A connection with defaults for a {@code redis://}, {@code rediss://}, {@code redis+cluster://} or
     * {@code rediss+cluster://} URL (see {@link RedisUrl#parse}).
     *
     * @throws IllegalArgumentException if the URL is missing or malformed; the message never contains the password
     */
    public static RedisConnection fromUrl(String url) {
        return builder().url(url).build();
    }

    /** A builder with every default; set {@link Builder#url} or {@link Builder#host}/{@link Builder#port}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this connection's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.username = username;
        b.password = password == null ? null : password.clone();
        b.truststore = truststore;
        b.truststorePassword = truststorePassword == null ? null : truststorePassword.clone();
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.poolSize = poolSize;
        b.minIdle = minIdle;
        b.retryAttempts = retryAttempts;
        b.retryDelay = retryDelay;
        b.threads = threads;
        b.nettyThreads = nettyThreads;
        return b;
    }

    /**
     * Connections a process needs: one blocking read per consumer and stream ({@code consumers × streams}, the worst
     * case of one reader per stream), one reclaim loop per consumer, one in-flight publish per publishing thread, plus
     * {@value #SPARE_CONNECTIONS} for acknowledgements, dead letters and admin commands.
     */
    public static int poolSizeFor(int consumers, int streams, int publishers) {
        if (consumers < 0 || streams < 0 || publishers < 0) {
            throw new IllegalArgumentException("consumers, streams and publishers must be >= 0");
        }
        return Math.addExact(Math.addExact(Math.multiplyExact(consumers, streams), consumers),
                publishers + SPARE_CONNECTIONS);
    }

    /**
     * A new Redisson client with {@link StringCodec}; the caller must {@link RedissonClient#shutdown()} it. Returns
     * only after the pool's first connections are established and authenticated.
     *
     * @throws RedisAuthenticationException if the server refused the credentials
     * @throws RedisConnectException        for any other failure to connect, and for a single-server URL pointing at a
     *                                      cluster node ("this is a cluster node: use redis+cluster://"); a TLS
     *                                      handshake that fails or gets no
     *                                      reply, and a server that accepts TCP but does not answer, are reported
     *                                      within the connect timeout saying what probably happened
     * @throws IllegalArgumentException     if the trust store cannot be read
     */
    public RedissonClient connect() {
        ConnectProbe.check(endpoint, redacted(), millis(connectTimeout),
                truststore == null ? null : Truststores.load(truststore, truststorePassword));
        Config config = toRedissonConfig();
        RedissonClient client;
        try {
            client = Redisson.create(config);
        } catch (RuntimeException e) {
            throw ConnectFailures.translate(e, redacted(), password == null ? null : new String(password));
        }
        if (!endpoint.cluster() && clusterEnabled(client)) {
            client.shutdown();
            throw new RedisConnectException("could not connect to " + redacted()
                    + ": this is a cluster node: use redis+cluster:// (or rediss+cluster://) with the cluster's nodes",
                    null);
        }
        return client;
    }

    /** INFO cluster says {@code cluster_enabled:1}; false if INFO is not allowed (ACL) or fails. */
    private static boolean clusterEnabled(RedissonClient client) {
        try {
            return "1".equals(client.getRedisNodes(RedisNodes.SINGLE).getInstance()
                    .info(RedisNode.InfoSection.CLUSTER).get("cluster_enabled"));
        } catch (RuntimeException notAllowed) {
            return false;
        }
    }

    /**
     * The Redisson configuration {@link #connect()} uses: single server (cluster mode with every seed node and reads
     * from masters for a cluster URL), {@link StringCodec}, credentials on
     * {@link Config} (never in the address), TLS trust, timeouts, pool and retries. Contains the password: do not
     * log or serialise it.
     */
    public Config toRedissonConfig() {
        Config config = endpoint.toRedissonConfig();
        config.setCodec(StringCodec.INSTANCE);
        if (username != null) {
            config.setUsername(username);
        }
        if (password != null) {
            config.setPassword(new String(password));
        }
        if (truststore != null) {
            config.setSslTrustManagerFactory(Truststores.load(truststore, truststorePassword));
        }
        if (threads > 0) {
            config.setThreads(threads);
        }
        if (nettyThreads > 0) {
            config.setNettyThreads(nettyThreads);
        }
        if (endpoint.cluster()) {
            config.useClusterServers()
                    .setReadMode(ReadMode.MASTER)
                    .setMasterConnectionPoolSize(poolSize)
                    .setMasterConnectionMinimumIdleSize(minIdle)
                    .setSlaveConnectionPoolSize(poolSize)
                    .setSlaveConnectionMinimumIdleSize(minIdle)
                    .setSubscriptionConnectionPoolSize(4)
                    .setSubscriptionConnectionMinimumIdleSize(1);
            timeoutsAndRetries(config.useClusterServers());
            return config;
        }
        config.useSingleServer()
                .setConnectionPoolSize(poolSize)
                .setConnectionMinimumIdleSize(minIdle)
                .setSubscriptionConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1);
        timeoutsAndRetries(config.useSingleServer());
        return config;
    }

    private <T extends BaseConfig<T>> void timeoutsAndRetries(T server) {
        server.setConnectTimeout(millis(connectTimeout))
                .setTimeout(millis(responseTimeout))
                .setRetryAttempts(retryAttempts)
                .setRetryDelay(new ConstantDelay(retryDelay));
    }

    /** The server, database and scheme, without credentials. */
    public RedisUrl endpoint() {
        return endpoint;
    }

    /** ACL user name, if any. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Whether a password is set (the password itself is not exposed). */
    public boolean hasPassword() {
        return password != null;
    }

    /** Whether the connection uses TLS ({@code rediss://}). */
    public boolean tls() {
        return endpoint.tls();
    }

    /** Logical database index. */
    public int database() {
        return endpoint.database();
    }

    /** The trust store for TLS, if one was given. */
    public Optional<Path> truststore() {
        return Optional.ofNullable(truststore);
    }

    /** TCP connect timeout. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Reply timeout. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Maximum connections in the command pool. */
    public int poolSize() {
        return poolSize;
    }

    /** Connections opened eagerly and kept idle. */
    public int minIdle() {
        return minIdle;
    }

    /** Retries of a command that could not be sent. */
    public int retryAttempts() {
        return retryAttempts;
    }

    /** Pause between retries. */
    public Duration retryDelay() {
        return retryDelay;
    }

    /** {@code redis://user:***@host:port/db}: the server and user, password masked. */
    public String redacted() {
        return endpoint.withCredentials(username, password == null ? null : "x").redacted();
    }

    /** Every setting, the password (and the trust store's) masked. */
    @Override
    public String toString() {
        return "RedisConnection[" + redacted()
                + (truststore == null ? "" : ", truststore=" + truststore)
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", pool=" + poolSize + " (min idle " + minIdle + "), retries=" + retryAttempts + " every "
                + retryDelay + "]";
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** Collects and validates settings; {@link #build()} throws {@link IllegalArgumentException} naming the problem. */
    public static final class Builder {

        private RedisUrl endpoint;
        private String host;
        private Integer port;
        private String username;
        private char[] password;
        private Integer database;
        private Path truststore;
        private char[] truststorePassword;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int minIdle = DEFAULT_MIN_IDLE;
        private int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private int threads;
        private int nettyThreads;

        private Builder() {
        }

        /**
         * Endpoint, credentials and database from a URL; credentials in the URL replace earlier ones, and later
         * {@link #username}/{@link #password}/{@link #database} calls override the URL's.
         */
        public Builder url(String url) {
            return url(RedisUrl.parse(url));
        }

        /** As {@link #url(String)}, already parsed. */
        public Builder url(RedisUrl url) {
            Objects.requireNonNull(url, "url");
            this.endpoint = url.withoutCredentials();
            this.username = url.username();
            this.password = url.password() == null ? null : url.password().toCharArray();
            this.host = null;
            this.port = null;
            this.database = null;
            return this;
        }

        /** Host name or IP; overrides the URL's. Without a URL the scheme is {@code redis://} (plain text). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port; overrides the URL's; default 6379. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** ACL user name; null or empty for the default user. */
        public Builder username(String username) {
            this.username = username == null || username.isEmpty() ? null : username;
            return this;
        }

        /** Password (copied); null or empty for none. */
        public Builder password(char[] password) {
            this.password = password == null || password.length == 0 ? null : password.clone();
            return this;
        }

        /** Password; null or empty for none. */
        public Builder password(String password) {
            return password(password == null ? null : password.toCharArray());
        }

        /** Logical database index; default the URL's, else 0. */
        public Builder database(int database) {
            this.database = database;
            return this;
        }

        /**
         * Trust store for {@code rediss://}: a PKCS#12 or JKS file, or PEM certificates; {@code password} may be null
         * (PEM, or a store without integrity password). Without it the JDK's default trust store is used.
         */
        public Builder truststore(Path truststore, char[] password) {
            this.truststore = truststore;
            this.truststorePassword = password == null ? null : password.clone();
            return this;
        }

        /** TCP connect timeout; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Reply timeout; default 3 s. */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /** Command connection pool size; default {@link #DEFAULT_POOL_SIZE}. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Pool sized by {@link RedisConnection#poolSizeFor(int, int, int)}. */
        public Builder poolSizedFor(int consumers, int streams, int publishers) {
            return poolSize(poolSizeFor(consumers, streams, publishers));
        }

        /** Connections opened eagerly; 1..poolSize, default 2 (capped at the pool size). */
        public Builder minIdle(int minIdle) {
            this.minIdle = minIdle;
            return this;
        }

        /** Retries of a command that could not be sent; default 3. */
        public Builder retryAttempts(int retryAttempts) {
            this.retryAttempts = retryAttempts;
            return this;
        }

        /** Pause between retries; default 1 s. */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        /** Redisson's executor threads; 0 (default) keeps Redisson's default. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Netty event-loop threads; 0 (default) keeps Redisson's default. */
        public Builder nettyThreads(int nettyThreads) {
            this.nettyThreads = nettyThreads;
            return this;
        }

        /** Validates and builds. */
        public RedisConnection build() {
            if (endpoint == null && host == null) {
                throw new IllegalArgumentException("Redis connection needs a url or a host");
            }
            if (endpoint != null && endpoint.cluster() && (host != null || port != null
                    || (database != null && database != 0))) {
                throw new IllegalArgumentException("host, port and database do not apply to a cluster URL ("
                        + endpoint + "): give every node in the redis+cluster:// URL; Redis Cluster has only database 0");
            }
            RedisUrl resolved = endpoint != null && endpoint.cluster() ? endpoint
                    : new RedisUrl(endpoint == null ? "redis" : endpoint.scheme(),
                    host != null ? host : endpoint.host(),
                    port != null ? port : endpoint == null ? RedisUrl.DEFAULT_PORT : endpoint.port(),
                    null, null,
                    database != null ? database : endpoint == null ? 0 : endpoint.database());
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("responseTimeout", responseTimeout);
            Objects.requireNonNull(retryDelay, "retryDelay");
            if (retryDelay.isNegative()) {
                throw new IllegalArgumentException("retryDelay must be >= 0");
            }
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
            }
            if (minIdle < 1) {
                throw new IllegalArgumentException("minIdle must be >= 1 (so bad credentials fail on connect), got "
                        + minIdle);
            }
            if (retryAttempts < 0 || threads < 0 || nettyThreads < 0) {
                throw new IllegalArgumentException("retryAttempts, threads and nettyThreads must be >= 0");
            }
            if (truststore != null) {
                if (!resolved.tls()) {
                    throw new IllegalArgumentException("a TLS truststore needs a rediss:// URL, got " + resolved);
                }
                if (!Files.isReadable(truststore)) {
                    throw new IllegalArgumentException("TLS truststore is not a readable file: " + truststore);
                }
            }
            return new RedisConnection(this, resolved, Math.min(minIdle, poolSize));
        }

        private static void requirePositive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }

        @Override
        public String toString() {
            return "RedisConnection.Builder[" + (endpoint == null ? host + ":" + port : endpoint.toString())
                    + (password == null ? "" : ", password ***") + "]";
        }
    }
}
