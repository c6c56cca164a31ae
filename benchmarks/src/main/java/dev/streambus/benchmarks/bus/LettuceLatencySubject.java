package dev.streambus.benchmarks.bus;

import dev.streambus.publish.RedisPublisher;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The floor a Java user could reach by hand: plain Lettuce, async XADD of a field map encoded beforehand (so not
 * even the encoding is timed) on one connection, and a thread looping XREADGROUP BLOCK + decode ({@link PeerEntry})
 * + async XACK per read on another. No back-off, no reclaim, no dead letters: only the transport.
 */
final class LettuceLatencySubject implements LatencySubject {

    private static final int READ_COUNT = 100;
    private static final long BLOCK_MILLIS = 100;

    private final PeerClients clients;
    private final RedisPublisher encoder;
    private final RunEventType events;
    private final String stream;
    private final RunKeys keys;

    LettuceLatencySubject(PeerClients clients, RedisPublisher encoder, RunEventType events, String stream,
                          RunKeys keys) {
        this.clients = clients;
        this.encoder = encoder;
        this.events = events;
        this.stream = stream;
        this.keys = keys;
    }

    @Override
    public String label() {
        return "Lettuce async XADD -> XREADGROUP loop + XACK";
    }

    @Override
    public Run start(int total, IntConsumer handled) throws InterruptedException {
        List<Map<String, String>> fields = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            fields.add(encoder.encoder().encode(events.sample(i)).message().fields());
        }
        PeerEntry entry = new PeerEntry(new LinkedHashMap<>(fields.get(0)), events.type());
        String group = "bench-lettuce-latency-" + keys.suffix();
        StatefulRedisConnection<String, String> writes = clients.lettuce().connect();
        StatefulRedisConnection<String, String> reads = clients.lettuce().connect();
        RedisCommands<String, String> sync = reads.sync();
        sync.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
        RedisAsyncCommands<String, String> publish = writes.async();
        RedisAsyncCommands<String, String> ack = reads.async();
        ReadLoop loop = new ReadLoop(sync, ack, group, entry, handled);
        Thread reader = new Thread(loop, "bench-lettuce-latency-reader");
        reader.start();
        return new Run() {
            @Override
            public CompletionStage<String> send(int i) {
                return publish.xadd(stream, fields.get(i));
            }

            @Override
            public void close() throws InterruptedException {
                try {
                    loop.running = false;
                    reader.join(TimeUnit.SECONDS.toMillis(10));
                    if (loop.failure != null) {
                        throw new IllegalStateException("the Lettuce read loop failed", loop.failure);
                    }
                } finally {
                    writes.close();
                    reads.close();
                    keys.delete(stream);
                }
            }
        };
    }

    /** XREADGROUP BLOCK, decode and hand over each entry, XACK the read's ids without waiting. */
    private final class ReadLoop implements Runnable {
        private final RedisCommands<String, String> sync;
        private final RedisAsyncCommands<String, String> ack;
        private final String group;
        private final PeerEntry entry;
        private final IntConsumer handled;
        volatile boolean running = true;
        volatile Throwable failure;

        ReadLoop(RedisCommands<String, String> sync, RedisAsyncCommands<String, String> ack, String group,
                 PeerEntry entry, IntConsumer handled) {
            this.sync = sync;
            this.ack = ack;
            this.group = group;
            this.entry = entry;
            this.handled = handled;
        }

        @Override
        public void run() {
            Consumer<String> consumer = Consumer.from(group, "bench-lettuce");
            XReadArgs read = XReadArgs.Builder.count(READ_COUNT).block(BLOCK_MILLIS);
            XReadArgs.StreamOffset<String> next = XReadArgs.StreamOffset.lastConsumed(stream);
            try {
                while (running) {
                    List<StreamMessage<String, String>> batch = sync.xreadgroup(consumer, read, next);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    String[] ids = new String[batch.size()];
                    for (int i = 0; i < ids.length; i++) {
                        StreamMessage<String, String> m = batch.get(i);
                        handled.accept((int) events.sequence(entry.decode(m.getId(), m.getBody())));
                        ids[i] = m.getId();
                    }
                    ack.xack(stream, group, ids);
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
    }
}
