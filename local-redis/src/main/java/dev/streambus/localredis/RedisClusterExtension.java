package dev.streambus.localredis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.api.RedissonClient;

import java.util.function.Supplier;

/**
 * One private {@link RedisClusterProcess} (and a cluster-mode Redisson client) shared by the tests of a class:
 * started before the first test, skipped with the reason where {@code redis-server} >= 7 is missing (required under
 * {@code CI}), stopped after the last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();
 * ... CLUSTER.client() ... CLUSTER.cluster().nodes() ...
 * }</pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<RedisClusterProcess> configured;
    private RedisClusterProcess cluster;
    private RedissonClient client;

    private RedisClusterExtension(Supplier<RedisClusterProcess> configured) {
        this.configured = configured;
    }

    /** Three masters, no replicas. */
    public static RedisClusterExtension threeMasters() {
        return of(RedisClusterProcess::create);
    }

    /** A cluster configured by {@code configured} (not started), e.g. {@code () -> create().replicas(1)}. */
    public static RedisClusterExtension of(Supplier<RedisClusterProcess> configured) {
        return new RedisClusterExtension(configured);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RedisClusterProcess.assumeAvailable();
        cluster = configured.get().start();
        client = cluster.newClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.shutdown();
            client = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** The running cluster. */
    public RedisClusterProcess cluster() {
        return cluster;
    }

    /** The shared cluster-mode client (do not shut it down). */
    public RedissonClient client() {
        return client;
    }
}
