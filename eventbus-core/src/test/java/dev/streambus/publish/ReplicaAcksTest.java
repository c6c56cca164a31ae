package dev.streambus.publish;

import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PublisherConfig#replicaAcks()}: a private master with one replica (own redis-servers). A publish returns
 * once the replica confirmed it (the entry is readable on the replica at once); with the replica frozen (SIGSTOP) the
 * entry is stored on the master and the caller gets {@link PublishOutcome#STORED_UNREPLICATED} naming its id.
 */
class ReplicaAcksTest {

    static final String PLACED = "streambus.test.replicas.placed";
    static final String SHIPPED = "streambus.test.replicas.shipped";

    @StreamerEvent(name = PLACED)
    record Placed(int n) {
    }

    @StreamerEvent(name = SHIPPED)
    record Shipped(int n) {
    }

    private RedisServerProcess master;
    private RedisServerProcess replica;
    private RedissonClient redisson;

    @BeforeEach
    void start() {
        master = RedisServerProcess.create().start();
        replica = RedisServerProcess.create().config("replicaof", "127.0.0.1", Integer.toString(master.port()))
                .start();
        Await.until(Duration.ofSeconds(20), () -> info(replica).contains("master_link_status:up")
                && info(master).contains("connected_slaves:1"), () -> info(replica));
        redisson = master.newClient();
    }

    @AfterEach
    void stop() {
        if (redisson != null) {
            redisson.shutdown();
        }
        replica.stop();
        master.stop();
    }

    @Test
    void aPublishReturnsOnceTheReplicaHasIt() {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder()
                .replicaAcks(ReplicaAcks.of(1, Duration.ofSeconds(2))).build());
        String id = publisher.publish(new Placed(1));
        assertEquals(List.of(id), ids(replica, PLACED), "on the replica when publish returned");
        List<String> all = publisher.publishAll(List.of(new Placed(2), new Shipped(3), new Placed(4)));
        assertEquals(3, all.size());
        assertEquals(List.of(id, all.get(0), all.get(2)), ids(replica, PLACED));
        assertEquals(List.of(all.get(1)), ids(replica, SHIPPED));
        assertTrue(calls(master, "wait") >= 2, "WAIT sent: " + calls(master, "wait"));
    }

    @Test
    void anEntryTheReplicaDidNotConfirmIsStoredAndSaysSo() {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder()
                .replicaAcks(ReplicaAcks.of(1, Duration.ofMillis(300))).build());
        replica.pause();
        try {
            PublishException alone = assertThrows(PublishException.class, () -> publisher.publish(new Placed(1)));
            assertEquals(PublishOutcome.STORED_UNREPLICATED, alone.outcome(), alone.getMessage());
            List<String> stored = ids(master, PLACED);
            assertEquals(1, stored.size(), "stored on the master");
            assertTrue(alone.getMessage().contains("stored as " + stored.get(0)) && alone.getMessage()
                    .contains("only 0 of 1 replica(s) confirmed it within 300 ms"), alone.getMessage());

            PublishException list = assertThrows(PublishException.class,
                    () -> publisher.publishAll(List.of(new Placed(2), new Shipped(3))));
            assertEquals(PublishOutcome.STORED_UNREPLICATED, list.outcome(), list.getMessage());
            assertEquals(2, ids(master, PLACED).size());
            assertEquals(1, ids(master, SHIPPED).size());
        } finally {
            replica.resume();
        }
        Await.until(Duration.ofSeconds(10), () -> ids(replica, PLACED).size() == 2, () -> "replica caught up");
        assertEquals(1, ids(replica, SHIPPED).size());
    }

    @Test
    void waitingNeedsATimeout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplicaAcks.of(1, Duration.ZERO));
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplicaAcks.of(-1, Duration.ofSeconds(1)));
        assertEquals(ReplicaAcks.NONE, PublisherConfig.defaults().replicaAcks());
    }

    private static String info(RedisServerProcess server) {
        return String.valueOf(server.command("INFO", "replication"));
    }

    private static long calls(RedisServerProcess server, String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                .matcher(String.valueOf(server.command("INFO", "commandstats")));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The entry ids of {@code stream} on {@code server}, oldest first. */
    @SuppressWarnings("unchecked")
    private static List<String> ids(RedisServerProcess server, String stream) {
        List<Object> entries = (List<Object>) server.command("XRANGE", stream, "-", "+");
        return entries.stream().map(e -> String.valueOf(((List<Object>) e).get(0))).toList();
    }
}
