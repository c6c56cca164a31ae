package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisConnection;
import dev.streambus.redis.connect.RedisUrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Function;

import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis that tests and demos should use, found the same way on every machine:
 * <ol>
 *   <li>{@code REDIS_URL} if set (scheme, credentials and database kept as given, {@code rediss://} included);</li>
 *   <li>else {@code 127.0.0.1:6379} if it answers PING within ~300 ms;</li>
 *   <li>else an embedded Redis (embedded-redis's bundled 6.2 binary) on a free loopback port, stopped by a JVM
 *       shutdown hook.</li>
 * </ol>
 *
 * <p>Guarantees: {@link #resolve()} resolves once per JVM (lazily, thread-safe) and returns the same instance after
 * that; a failed resolution is retried on the next call. {@link #describe()} and {@link #toString()} never contain a
 * password. This class never issues FLUSHALL/FLUSHDB.
 */
public final class LocalRedis {

    /** Where the Redis came from. */
    public enum Source {
        /** The {@code REDIS_URL} environment variable. */
        ENV,
        /** A server already listening on {@code 127.0.0.1:6379}. */
        LOCAL_DEFAULT,
        /** An embedded server started by this process. */
        EMBEDDED
    }

    /** The environment variable consulted first. */
    public static final String ENV_VAR = "REDIS_URL";

    static final RedisUrl LOCAL_DEFAULT_URL = RedisUrl.of("127.0.0.1", RedisUrl.DEFAULT_PORT);
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);
    private static final Object LOCK = new Object();
    private static volatile LocalRedis shared;

    /** Does a server at this URL answer PING? */
    @FunctionalInterface
    interface Probe {
        boolean answersPing(RedisUrl url);
    }

    /** Starts an embedded server. */
    @FunctionalInterface
    interface EmbeddedStarter {
        EmbeddedRedis start() throws IOException;
    }

    static final Probe DEFAULT_PROBE = url -> Resp.answersPing(url, PROBE_TIMEOUT);

    private final RedisUrl url;
    private final Source source;
    private final String serverVersion;
    private final String reason;
    private final EmbeddedRedis embedded;

    private LocalRedis(RedisUrl url, Source source, String serverVersion, String reason, EmbeddedRedis embedded) {
        this.url = url;
        this.source = source;
        this.serverVersion = serverVersion;
        this.reason = reason;
        this.embedded = embedded;
    }

    /** The process-wide Redis; resolved on first call. */
    public static LocalRedis resolve() {
        LocalRedis result = shared;
        if (result == null) {
            synchronized (LOCK) {
                result = shared;
                if (result == null) {
                    result = resolve(System::getenv, DEFAULT_PROBE, EmbeddedRedis::start);
                    shared = result;
                }
            }
        }
        return result;
    }

    /** Resolution with injectable environment, probe and embedded starter; candidates are tried in order. */
    static LocalRedis resolve(Function<String, String> env, Probe probe, EmbeddedStarter embeddedStarter) {
        String fromEnv = env.apply(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            RedisUrl url;
            try {
                url = RedisUrl.parse(fromEnv);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_VAR + " is invalid: " + e.getMessage(), e);
            }
            String version = versionOf(url, true);
            String reason = ENV_VAR + " is set";
            return chosen(new LocalRedis(url, Source.ENV, version, reason, null));
        }
        String notSet = ENV_VAR + " not set";
        if (probe.answersPing(LOCAL_DEFAULT_URL)) {
            String version = versionOf(LOCAL_DEFAULT_URL, false);
            String reason = notSet + "; " + LOCAL_DEFAULT_URL.hostPort() + " answered PING";
            return chosen(new LocalRedis(LOCAL_DEFAULT_URL, Source.LOCAL_DEFAULT, version, reason, null));
        }
        EmbeddedRedis embedded;
        try {
            embedded = embeddedStarter.start();
        } catch (IOException e) {
            throw new UncheckedIOException(notSet + "; " + LOCAL_DEFAULT_URL.hostPort()
                    + " did not answer PING; and the embedded Redis failed to start: " + e.getMessage(), e);
        }
        String reason = notSet + "; " + LOCAL_DEFAULT_URL.hostPort() + " did not answer PING; started embedded Redis "
                + embedded.version() + " on " + embedded.url().hostPort();
        return chosen(new LocalRedis(embedded.url(), Source.EMBEDDED, embedded.version(), reason, embedded));
    }

    private static LocalRedis chosen(LocalRedis redis) {
        LOG.info("Using Redis: {}", redis.describe());
        return redis;
    }

    private static String versionOf(RedisUrl url, boolean allowRedissonFallback) {
        try {
            return Resp.serverVersion(url, VERSION_TIMEOUT);
        } catch (IOException e) {
            if (!allowRedissonFallback) {
                throw new UncheckedIOException("could not read INFO server from " + url + ": " + e.getMessage(), e);
            }
            // e.g. rediss:// with a trust store only Redisson is configured for
            LOG.debug("raw INFO against {} failed ({}); retrying through Redisson", url, e.toString());
            RedissonClient client = RedissonClients.create(url);
            try {
                return client.getRedisNodes(RedisNodes.SINGLE).getInstance()
                        .info(RedisNode.InfoSection.SERVER).get("redis_version");
            } finally {
                client.shutdown();
            }
        }
    }

    /** The URL to connect to, credentials included exactly as configured. Do not log it; log {@link #describe()}. */
    public String url() {
        return url.toUrl();
    }

    /** The parsed URL; its {@code toString()} masks credentials. */
    public RedisUrl redisUrl() {
        return url;
    }

    /** Where this Redis came from. */
    public Source source() {
        return source;
    }

    /** {@code redis_version} from {@code INFO server}, e.g. {@code 7.0.15}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** True if the server version is at least {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        int[] v = parseVersion(serverVersion);
        return v[0] > major || (v[0] == major && v[1] >= minor);
    }

    static int[] parseVersion(String version) {
        int[] parts = new int[3];
        String[] split = version.split("\\.");
        for (int i = 0; i < parts.length && i < split.length; i++) {
            String digits = split[i].replaceAll("[^0-9].*$", "");
            parts[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        }
        return parts;
    }

    /**
     * One line for logs, without any password, e.g.
     * {@code Redis 7.0.15 at redis://127.0.0.1:6379 [LOCAL_DEFAULT: REDIS_URL not set; 127.0.0.1:6379 answered PING]}.
     */
    public String describe() {
        return "Redis " + serverVersion + " at " + url + " [" + source + ": " + reason + "]";
    }

    /**
     * A new Redisson client for this Redis: {@code StringCodec}, connection pool 16 (min idle 2), 3 retries 200 ms
     * apart, 3 s connect / 5 s command timeout. The caller must {@link RedissonClient#shutdown()} it.
     */
    public RedissonClient newClient() {
        return RedissonClients.create(url);
    }

    /** The connection settings {@link #newClient()} uses; adjust them with {@link RedisConnection#toBuilder()}. */
    public RedisConnection connection() {
        return RedissonClients.connection(url);
    }

    /** Stops the embedded server, if this instance started one. Only for non-shared instances (tests). */
    void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
