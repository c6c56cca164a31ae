package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisConnection;
import dev.streambus.redis.connect.RedisUrl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.redisson.api.RedissonClient;

/**
 * A private 3-master Redis Cluster (optionally one replica per master, {@link #replicas(int)}) of {@link RedisServerProcess}es on free loopback ports, for tests that
 * need cluster mode. Slots are split 0-5460 / 5461-10922 / 10923-16383 with {@code CLUSTER ADDSLOTSRANGE} (Redis 7).
 *
 * <p>Guarantees: {@link #start()} returns only when {@code CLUSTER INFO} says {@code cluster_state:ok} on every node,
 * or throws an {@link IllegalStateException} naming the node that was not ready (after stopping all). With
 * {@link #requirePass(String)} every node has {@code requirepass} and {@code masterauth}. Needs {@code redis-server}
 * 7 or later on {@code PATH} (the embedded-redis 6.2 binary has no {@code ADDSLOTSRANGE}); tests call
 * {@link #assumeAvailable()} first, which skips them with the reason where it is missing, except under {@code CI}.
 * Not thread-safe.
 *
 * <pre>{@code
 * try (RedisClusterProcess cluster = RedisClusterProcess.create().start()) {
 *     RedissonClient client = cluster.newClient();
 *     ...
 * }
 * }</pre>
 */
public final class RedisClusterProcess implements AutoCloseable {

    /** The slot ranges of the masters, in order. */
    static final int[][] SLOTS = {{0, 5460}, {5461, 10922}, {10923, 16383}};

    private static final String MISSING = "Redis Cluster tests need redis-server >= 7 on PATH (the embedded 6.2 "
            + "binary has no CLUSTER ADDSLOTSRANGE)";

    private final List<RedisServerProcess> nodes = new ArrayList<>();
    private final List<RedisServerProcess> replicas = new ArrayList<>();
    private int replicasPerMaster;
    private String password;
    private Duration readyTimeout = Duration.ofSeconds(15);

    private RedisClusterProcess() {
    }

    /** A not-yet-started cluster; configure it, then call {@link #start()}. */
    public static RedisClusterProcess create() {
        return new RedisClusterProcess();
    }

    /** Skips the calling test with the reason if {@code redis-server} is not on PATH, unless {@code CI} is set. */
    public static void assumeAvailable() {
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(RedisServerProcess.findOnPath("redis-server") != null, MISSING);
        }
    }

    /** Sets {@code requirepass} and {@code masterauth} on every node. */
    public RedisClusterProcess requirePass(String password) {
        this.password = (password == null || password.isEmpty()) ? null : password;
        return this;
    }

    /** Replicas per master: 0 (default) or 1; {@link #start()} returns once each is in sync with its master. */
    public RedisClusterProcess replicas(int perMaster) {
        if (perMaster < 0 || perMaster > 1) {
            throw new IllegalArgumentException("replicas per master must be 0 or 1, was " + perMaster);
        }
        this.replicasPerMaster = perMaster;
        return this;
    }

    /** How long {@link #start()} waits for {@code cluster_state:ok} (default 15 s). */
    public RedisClusterProcess readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    /** Starts 3 masters, assigns the slots, joins them and waits until every node reports {@code cluster_state:ok}. */
    public RedisClusterProcess start() {
        if (!nodes.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        Path redisServer = RedisServerProcess.findOnPath("redis-server");
        if (redisServer == null) {
            throw new IllegalStateException(MISSING);
        }
        try {
            for (int[] range : SLOTS) {
                RedisServerProcess node = newNode(redisServer);
                nodes.add(node.start());
                expectOk(node.command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(range[0]),
                        Integer.toString(range[1])), "CLUSTER ADDSLOTSRANGE", node);
            }
            for (RedisServerProcess node : nodes.subList(1, nodes.size())) {
                expectOk(nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port())),
                        "CLUSTER MEET", node);
            }
            awaitClusterOk(nodes, SLOTS.length);
            if (replicasPerMaster > 0) {
                startReplicas(redisServer);
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private RedisServerProcess newNode(Path redisServer) {
        RedisServerProcess node = RedisServerProcess.create().executable(redisServer).requirePass(password)
                .config("cluster-enabled", "yes")
                .config("cluster-config-file", "nodes.conf")
                .config("cluster-node-timeout", "2000");
        if (password != null) {
            node.config("masterauth", password);
        }
        return node;
    }

    /** One replica per master: MEET, CLUSTER REPLICATE once it knows its master, then wait for the sync. */
    private void startReplicas(Path redisServer) {
        for (RedisServerProcess master : nodes) {
            RedisServerProcess replica = newNode(redisServer).start();
            replicas.add(replica);
            expectOk(nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(replica.port())),
                    "CLUSTER MEET", replica);
            String masterId = String.valueOf(master.command("CLUSTER", "MYID"));
            long deadline = System.nanoTime() + readyTimeout.toNanos();
            while (!String.valueOf(replica.command("CLUSTER", "NODES")).contains(masterId)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica 127.0.0.1:" + replica.port() + " never learnt of master "
                            + "127.0.0.1:" + master.port());
                }
                sleep();
            }
            expectOk(replica.command("CLUSTER", "REPLICATE", masterId), "CLUSTER REPLICATE", replica);
        }
        List<RedisServerProcess> all = new ArrayList<>(nodes);
        all.addAll(replicas);
        awaitClusterOk(all, all.size());
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        for (RedisServerProcess replica : replicas) {
            while (!String.valueOf(replica.command("INFO", "replication")).contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica 127.0.0.1:" + replica.port() + " did not sync within "
                            + readyTimeout.toMillis() + " ms: " + replica.command("INFO", "replication"));
                }
                sleep();
            }
        }
    }

    private void awaitClusterOk(List<RedisServerProcess> members, int known) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        for (RedisServerProcess node : members) {
            while (!isReady(node, known)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster node 127.0.0.1:" + node.port()
                            + " did not reach cluster_state:ok with " + known + " known nodes within " + readyTimeout.toMillis()
                            + " ms: " + node.command("CLUSTER", "INFO"));
                }
                sleep();
            }
        }
    }

    private boolean isReady(RedisServerProcess node, int known) {
        String info = String.valueOf(node.command("CLUSTER", "INFO"));
        return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + known);
    }

    private static void expectOk(Object reply, String what, RedisServerProcess node) {
        if (!"OK".equals(reply)) {
            throw new IllegalStateException(what + " on 127.0.0.1:" + node.port() + " answered " + reply);
        }
    }

    /** The nodes (masters), in slot order; e.g. to send a command to one or to connect to one as a single server. */
    public List<RedisServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * {@code redis+cluster://[:password@]127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3} — includes the password if set. Do
     * not log it; log {@link #redisUrl()}, which masks it.
     */
    public String url() {
        return redisUrl().toUrl();
    }

    /**
     * Moves hash slot {@code slot} from master {@code from} to master {@code to} (indexes into {@link #nodes()}) while
     * clients keep working, as {@code redis-cli --cluster reshard} does: IMPORTING/MIGRATING, MIGRATE of its keys
     * (clients get ASK meanwhile), then SETSLOT NODE on every master. Returns how many keys moved.
     */
    public int migrateSlot(int slot, int from, int to) {
        RedisServerProcess source = nodes.get(from);
        RedisServerProcess target = nodes.get(to);
        String sourceId = String.valueOf(source.command("CLUSTER", "MYID"));
        String targetId = String.valueOf(target.command("CLUSTER", "MYID"));
        String s = Integer.toString(slot);
        expectOk(target.command("CLUSTER", "SETSLOT", s, "IMPORTING", sourceId), "SETSLOT IMPORTING", target);
        expectOk(source.command("CLUSTER", "SETSLOT", s, "MIGRATING", targetId), "SETSLOT MIGRATING", source);
        int moved = 0;
        while (true) {
            List<?> keys = (List<?>) source.command("CLUSTER", "GETKEYSINSLOT", s, "100");
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()),
                    "", "0", "5000"));
            if (password != null) {
                migrate.addAll(List.of("AUTH", password));
            }
            migrate.add("KEYS");
            keys.forEach(k -> migrate.add(String.valueOf(k)));
            expectOk(source.command(migrate.toArray(String[]::new)), "MIGRATE", source);
            moved += keys.size();
        }
        expectOk(target.command("CLUSTER", "SETSLOT", s, "NODE", targetId), "SETSLOT NODE", target);
        expectOk(source.command("CLUSTER", "SETSLOT", s, "NODE", targetId), "SETSLOT NODE", source);
        for (RedisServerProcess other : nodes) {
            if (other != source && other != target) {
                expectOk(other.command("CLUSTER", "SETSLOT", s, "NODE", targetId), "SETSLOT NODE", other);
            }
        }
        return moved;
    }

    /** The replicas, {@code replicas().get(i)} replicating {@code nodes().get(i)} as started; empty without. */
    public List<RedisServerProcess> replicas() {
        return List.copyOf(replicas);
    }

    /** The seed URL as a {@link RedisUrl} (its {@code toString()} masks the password). */
    public RedisUrl redisUrl() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("not started");
        }
        List<String> seeds = nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList();
        return RedisUrl.cluster(false, seeds).withCredentials(null, password);
    }

    /** The test connection profile (like {@link RedisServerProcess#connection()}) for the cluster URL. */
    public RedisConnection connection() {
        return RedissonClients.connection(redisUrl());
    }

    /** A Redisson client in cluster mode; the caller shuts it down. */
    public RedissonClient newClient() {
        return RedissonClients.create(redisUrl());
    }

    /** Stops every node and deletes their temp directories. Idempotent. */
    @Override
    public void close() {
        replicas.forEach(RedisServerProcess::close);
        replicas.clear();
        nodes.forEach(RedisServerProcess::close);
        nodes.clear();
    }

    @Override
    public String toString() {
        return "RedisClusterProcess[" + (nodes.isEmpty() ? "not started" : redisUrl()) + "]";
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
