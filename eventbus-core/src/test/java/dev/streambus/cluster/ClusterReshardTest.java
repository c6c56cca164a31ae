package dev.streambus.cluster;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisClusterExtension;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.SlotKeys;
import dev.streambus.testing.Streams;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot holding a stream (and its dead-letter stream) moves to another master while a publisher and a consumer
 * group work on it (Redisson follows the ASK/MOVED redirections): nothing acknowledged is lost, every entry is
 * handled, none twice.
 */
class ClusterReshardTest {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.threeMasters();

    private static RedissonClient redisson() {
        return CLUSTER.client();
    }

    /**
     * The publisher writes a single XADD straight on a pooled connection to the master it knows for the key; right
     * after the slot moved, that master answers MOVED (Redisson has not refreshed its topology yet), and the event
     * goes once more through Redisson's executor, which follows the redirection.
     */
    @Test
    void aPublishRightAfterItsSlotMovedFollowsTheRedirection() {
        String stream = "reshard.{direct}.orders";
        int slot = SlotKeys.slot(redisson(), stream);
        int from = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
        Streams streams = new Streams(redisson());
        try {
            String first = streams.publish(stream, Map.of("n", 1));
            long movedBefore = movedReplies(from);

            CLUSTER.cluster().migrateSlot(slot, from, (from + 1) % 3);
            String second = streams.publish(stream, Map.of("n", 2));

            long moved = movedReplies(from) - movedBefore;   // the direct write's, then the executor's own first try
            assertTrue(moved >= 1, "the old master answered MOVED: " + moved);
            assertEquals(List.of(first, second), List.copyOf(redisson().getStream(stream).range(
                    org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX)
                    .keySet()).stream().map(EntryId::format).toList(), "both stored, once each");
        } finally {
            redisson().getKeys().delete(stream);
        }
    }

    private static long movedReplies(int node) {
        String info = String.valueOf(CLUSTER.cluster().nodes().get(node).command("INFO", "errorstats"));
        Matcher m = Pattern.compile("errorstat_MOVED:count=(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aSlotMovedUnderLoadLosesNothingAndHandlesNothingTwiceBeyondReclaims() throws Exception {
        String stream = "reshard.{moving}.orders";
        int slot = SlotKeys.slot(redisson(), stream);
        int from = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
        Recorder recorder = new Recorder("r", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson()).listener(recorder).config(ConsumerConfig
                .builder().group("reshard").block(Duration.ofMillis(100)).build()).build()) {
            consumer.start();
            int moved;
            ClusterLoad load = new ClusterLoad(redisson(), List.of(stream));
            try {
                Await.until(Duration.ofSeconds(20), () -> load.acknowledged(stream).size() >= 200,
                        () -> load.acknowledged(stream).size() + " published");
                moved = CLUSTER.cluster().migrateSlot(slot, from, (from + 1) % 3);
                int atMove = load.acknowledged(stream).size();
                Await.until(Duration.ofSeconds(30), () -> load.acknowledged(stream).size() >= atMove + 200,
                        () -> (load.acknowledged(stream).size() - atMove) + " published after the move");
            } finally {
                load.close();
            }
            assertTrue(moved >= 1, "the stream moved");
            long stored = redisson().getStream(stream).size();
            assertEquals(load.acknowledged(stream).size(), stored, "every acknowledged publish is stored");
            Await.until(Duration.ofSeconds(30), () -> recorder.distinct() == stored,
                    () -> recorder.distinct() + " of " + stored + " handled; " + consumer.stats());
            assertEquals(List.of(), recorder.duplicates(), () -> "handled twice; " + consumer.stats());
        }
    }
}
