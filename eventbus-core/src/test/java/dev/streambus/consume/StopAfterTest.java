package dev.streambus.consume;

import dev.streambus.localredis.Await;
import dev.streambus.redis.EntryId;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link EventConsumer.Builder#stopAfter(long)}: exactly N entries read, handled and acknowledged. */
class StopAfterTest extends ConsumerTestBase {

    StopAfterTest(RedissonClient redisson) {
        super(redisson);
    }

    @Test
    void handlesAndAcknowledgesExactlyNAndReadsNoMore(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(streams.publish(stream, Map.of("n", i)));
        }
        Recorder recorder = new Recorder("R", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder().group(group)
                .consumer("c1").batchSize(10).block(Duration.ofMillis(100)).build()).listener(recorder)
                .stopAfter(3).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().delivered() >= 3, () -> "3 delivered");
        }
        assertEquals(ids.subList(0, 3), recorder.handled().stream().map(m -> m.id()).toList());
        assertEquals(0, streams.pending(stream, group), "nothing read beyond N, everything handled acknowledged");
        var info = redisson.getStream(stream, StringCodec.INSTANCE).listGroups().get(0);
        assertEquals(ids.get(2), EntryId.format(info.getLastDeliveredId()), "nothing read beyond N");
        assertThrows(IllegalArgumentException.class, () -> EventConsumer.builder(redisson).stopAfter(0));
    }
}
