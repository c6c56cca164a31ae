package dev.streambus.benchmarks.bus;

import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import java.util.Map;

/**
 * Baseline: plain Redisson group consumption, no decoding. n entries are written (not timed), then one loop does
 * XREADGROUP COUNT {@code count} followed by one XACK of the ids read, sequentially, until all n are acknowledged.
 */
final class RawConsume {

    private final RedissonClient redisson;
    private final RawPublish filler;
    private final String stream;
    private final RunKeys keys;

    RawConsume(RedissonClient redisson, RawPublish filler, String stream, RunKeys keys) {
        this.redisson = redisson;
        this.filler = filler;
        this.stream = stream;
        this.keys = keys;
    }

    Rounds.Trial trial(int n, int count) {
        return () -> {
            int total = n;
            String group = "bench-raw-group-" + keys.suffix();
            try {
                filler.write(total, 1000, 4);
                RStream<String, String> s = redisson.getStream(stream, StringCodec.INSTANCE);
                s.createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL));
                return Rounds.time(total, () -> {
                    long acked = 0;
                    while (acked < total) {
                        Map<StreamMessageId, Map<String, String>> read = s.readGroup(group, "bench-raw-consumer",
                                StreamReadGroupArgs.neverDelivered().count(count));
                        if (read.isEmpty()) {
                            throw new IllegalStateException("stream ran dry after " + acked + " of " + total);
                        }
                        acked += s.ack(group, read.keySet().toArray(StreamMessageId[]::new));
                    }
                });
            } finally {
                keys.delete(stream);
            }
        };
    }
}
