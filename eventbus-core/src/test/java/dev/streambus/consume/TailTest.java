package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Recorder;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without a consumer group: the bug Laravel Streamer #54 shipped (re-reading from $) must not happen here. */
@RedisTest
class TailTest {

    private final RedissonClient redisson;
    private final Streams streams;

    TailTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @Test
    void slowListenerWithoutAGroupSkipsNothingPublishedWhileItWorks(TestKeys keys) throws Exception {
        String stream = keys.stream("orders");
        String before = streams.publish(stream, Map.of("n", -1)); // exists before the start: not read with "$"
        List<String> order = new ArrayList<>();
        Recorder slow = new Recorder("Slow", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) throws InterruptedException {
                Thread.sleep(20);
                order.add(message.id());
            }
        };
        List<String> published = new ArrayList<>();
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .block(Duration.ofMillis(200)).build()).listener(slow).build()) {
            consumer.start();
            Thread.sleep(300); // let it resolve "$" to the current last id before producing
            for (int i = 0; i < 500; i++) {
                published.add(streams.publish(stream, Map.of("n", i)));
            }
            Await.until(Duration.ofSeconds(60), () -> slow.distinct() == 500, () -> slow.distinct() + " of 500");
        }
        assertEquals(published, order, "every entry after the start, once, in order; not " + before);
        assertEquals(500, slow.total());
    }

    @Test
    void startsFromTheBeginningWhenAsked(TestKeys keys) {
        String stream = keys.stream("orders");
        for (int i = 0; i < 20; i++) {
            streams.publish(stream, Map.of("n", i));
        }
        Recorder all = new Recorder("All", stream);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .startFrom("0-0").block(Duration.ofMillis(200)).build()).listener(all).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> all.distinct() == 20, () -> all.distinct() + " of 20");
        }
        assertEquals(20, all.total());
    }
}
