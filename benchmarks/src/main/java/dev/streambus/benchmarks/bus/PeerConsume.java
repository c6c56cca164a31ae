package dev.streambus.benchmarks.bus;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consume peers a Java user would pick instead of streambus, each doing what our consumer does per entry: read
 * in a consumer group, decode {@code data} into the typed record ({@link PeerEntry#decode}), dispatch it to a
 * listener that counts, acknowledge. n entries are written first (not timed, the same entry as the raw baselines);
 * each round uses a new group on a fresh stream, deleted afterwards.
 */
final class PeerConsume {

    private static final long TIMEOUT_SECONDS = 300;

    private final PeerClients clients;
    private final PeerEntry entry;
    private final RawPublish filler;
    private final String stream;
    private final RunKeys keys;

    PeerConsume(PeerClients clients, PeerEntry entry, RawPublish filler, String stream, RunKeys keys) {
        this.clients = clients;
        this.entry = entry;
        this.filler = filler;
        this.stream = stream;
        this.keys = keys;
    }

    /** Plain Lettuce, sync API, one connection: XREADGROUP COUNT {@code count}, decode + dispatch each, one XACK. */
    Rounds.Trial lettuceLoop(int n, int count) {
        return () -> {
            int total = n;
            String group = "bench-lettuce-group-" + keys.suffix();
            try (StatefulRedisConnection<String, String> connection = clients.lettuce().connect()) {
                filler.write(total, 1000, 4);
                RedisCommands<String, String> redis = connection.sync();
                redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group,
                        XGroupCreateArgs.Builder.mkstream());
                Consumer<String> consumer = Consumer.from(group, "bench-lettuce");
                XReadArgs read = XReadArgs.Builder.count(count);
                XReadArgs.StreamOffset<String> next = XReadArgs.StreamOffset.lastConsumed(stream);
                PeerEntry.CountingListener listener = new PeerEntry.CountingListener(entry.type());
                return Rounds.time(total, () -> {
                    long acked = 0;
                    while (acked < total) {
                        List<StreamMessage<String, String>> batch = redis.xreadgroup(consumer, read, next);
                        if (batch.isEmpty()) {
                            throw new IllegalStateException("stream ran dry after " + acked + " of " + total);
                        }
                        String[] ids = new String[batch.size()];
                        for (int i = 0; i < ids.length; i++) {
                            StreamMessage<String, String> m = batch.get(i);
                            listener.on(entry.decode(m.getId(), m.getBody()));
                            ids[i] = m.getId();
                        }
                        acked += redis.xack(stream, group, ids);
                    }
                    if (listener.handled() != total) {
                        throw new IllegalStateException("handled " + listener.handled() + " of " + total);
                    }
                });
            } finally {
                keys.delete(stream);
            }
        };
    }

    /**
     * Spring Data Redis's {@link StreamMessageListenerContainer} with its default options (no COUNT, poll timeout
     * 2 s, a new thread per subscription, as its default executor does, but one we can join before deleting the
     * stream): {@code receive(Consumer, lastConsumed, listener)} (no auto-ack) and an explicit {@code acknowledge}
     * per message. Timed from {@code start()} until the listener has handled and acknowledged all n.
     */
    Rounds.Trial springContainer(int n) {
        return () -> {
            int total = n;
            String group = "bench-spring-group-" + keys.suffix();
            List<Thread> pollThreads = new CopyOnWriteArrayList<>();
            StreamMessageListenerContainer<String, MapRecord<String, String, String>> container =
                    StreamMessageListenerContainer.create(clients.springConnections(),
                            StreamMessageListenerContainer.StreamMessageListenerContainerOptions.builder()
                                    .executor(task -> { // the default's behaviour (a new thread per task), joinable
                                        Thread t = new Thread(task, "bench-spring-poll");
                                        pollThreads.add(t);
                                        t.start();
                                    })
                                    .build());
            try {
                filler.write(total, 1000, 4);
                StreamOperations<String, Object, Object> ops = clients.template().opsForStream();
                ops.createGroup(stream, ReadOffset.from("0"), group);
                PeerEntry.CountingListener listener = new PeerEntry.CountingListener(entry.type());
                CountDownLatch done = new CountDownLatch(1);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                container.receive(
                        org.springframework.data.redis.connection.stream.Consumer.from(group, "bench-spring"),
                        StreamOffset.create(stream, ReadOffset.lastConsumed()),
                        message -> {
                            try {
                                listener.on(entry.decode(message.getId().getValue(), message.getValue()));
                                ops.acknowledge(group, message);
                                if (listener.handled() == total) {
                                    done.countDown();
                                }
                            } catch (RuntimeException | Error e) {
                                failure.compareAndSet(null, e);
                                done.countDown();
                            }
                        });
                CpuUse window = CpuUse.start();
                container.start();
                if (!done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Spring container stuck: handled " + listener.handled() + " of "
                            + total);
                }
                CpuUse.Spent spent = window.stop();
                if (failure.get() != null) {
                    throw new IllegalStateException("Spring container listener failed", failure.get());
                }
                long pending = ops.pending(stream, group).getTotalPendingMessages();
                if (pending != 0) {
                    throw new IllegalStateException(pending + " entries left unacknowledged");
                }
                return new Rounds.Timed(total, spent);
            } finally {
                stopped(container, pollThreads);
                keys.delete(stream);
            }
        };
    }

    /**
     * Stops the container and waits (up to a few poll timeouts) until its poll task has left its last XREADGROUP,
     * so that deleting the stream does not make it log NOGROUP errors.
     */
    private static void stopped(StreamMessageListenerContainer<?, ?> container, List<Thread> pollThreads)
            throws InterruptedException {
        container.stop();
        for (Thread t : pollThreads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            if (t.isAlive()) {
                throw new IllegalStateException("Spring container's poll task did not end within 10 s");
            }
        }
    }
}
