package dev.streambus.localredis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.redisson.api.RKeys;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension giving tests a Redis (see {@link LocalRedis#resolve()}). Register with
 * {@code @ExtendWith(RedisExtension.class)} or {@link RedisTest @RedisTest}. Resolves parameters of type:
 * <ul>
 *   <li>{@link RedissonClient} — one per test class, shut down after its {@code @AfterAll} methods; a
 *       {@code @Nested} class reuses its enclosing class's client if that one already exists;</li>
 *   <li>{@link LocalRedis} — the shared instance;</li>
 *   <li>{@link TestKeys} — one per test method (not available in {@code @BeforeAll}/{@code @AfterAll}); after the
 *       test every recorded key and every key matching its prefix, also inside a hash tag (via SCAN MATCH) is deleted.</li>
 * </ul>
 * Never uses KEYS, FLUSHALL or FLUSHDB.
 */
public final class RedisExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(RedisExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);
    private static final String CLIENT = "client";
    private static final String KEYS = "keys";

    /**
     * Skips the current test (JUnit assumption) unless the shared Redis is at least {@code major.minor}; the skip
     * message names the feature, the required version and the Redis in use. Use only for features that need a newer
     * Redis than the embedded fallback (6.2), e.g. {@code assumeRedisAtLeast(7, 0, "XAUTOCLAIM deleted ids")}.
     */
    public static void assumeRedisAtLeast(int major, int minor, String feature) {
        assumeRedisAtLeast(LocalRedis.resolve(), major, minor, feature);
    }

    /** As {@link #assumeRedisAtLeast(int, int, String)} for a given Redis. */
    public static void assumeRedisAtLeast(LocalRedis redis, int major, int minor, String feature) {
        Assumptions.assumeTrue(redis.atLeast(major, minor), () -> feature + " needs Redis >= " + major + "." + minor
                + ", but " + redis.describe());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == TestKeys.class) {
            return extensionContext.getTestMethod().isPresent();
        }
        return type == RedissonClient.class || type == LocalRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == LocalRedis.class) {
            return LocalRedis.resolve();
        }
        if (type == RedissonClient.class) {
            return client(extensionContext);
        }
        if (type == TestKeys.class) {
            return extensionContext.getStore(NS).getOrComputeIfAbsent(KEYS,
                    k -> TestKeys.forTest(extensionContext.getRequiredTestClass().getSimpleName(),
                            extensionContext.getRequiredTestMethod().getName()),
                    TestKeys.class);
        }
        throw new ParameterResolutionException("unsupported parameter type " + type.getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestKeys keys = context.getStore(NS).remove(KEYS, TestKeys.class);
        if (keys != null) {
            long deleted = deleteAll(client(context), keys);
            LOG.debug("deleted {} keys for {}", deleted, keys);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClientHolder holder = context.getStore(NS).remove(CLIENT, ClientHolder.class);
        if (holder != null) {
            holder.client.shutdown();
        }
    }

    /** Deletes the recorded keys and all keys under the prefix; returns how many existed. */
    static long deleteAll(RedissonClient client, TestKeys keys) {
        RKeys rkeys = client.getKeys();
        Set<String> found = new LinkedHashSet<>(keys.recorded());
        for (String pattern : keys.matchPatterns()) {
            for (String key : rkeys.getKeys(KeysScanOptions.defaults().pattern(pattern).chunkSize(500))) {
                found.add(key);
            }
        }
        List<String> doomed = new ArrayList<>(found);
        long deleted = 0;
        for (int i = 0; i < doomed.size(); i += 100) {
            List<String> batch = doomed.subList(i, Math.min(doomed.size(), i + 100));
            deleted += rkeys.delete(batch.toArray(String[]::new));
        }
        return deleted;
    }

    private static RedissonClient client(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NS)
                .getOrComputeIfAbsent(CLIENT, k -> new ClientHolder(LocalRedis.resolve().newClient()),
                        ClientHolder.class)
                .client;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
        }
        return current;
    }

    /** Store value; closed by {@link #afterAll}, or by JUnit when the store closes if that is missed. */
    private static final class ClientHolder implements AutoCloseable {
        final RedissonClient client;

        ClientHolder(RedissonClient client) {
            this.client = client;
        }

        @Override
        public void close() {
            if (!client.isShutdown()) {
                client.shutdown();
            }
        }
    }
}
