package dev.streambus.consume;

import ch.qos.logback.classic.Level;
import dev.streambus.consume.ConsumerState.Status;
import dev.streambus.consume.ConsumerState.Step;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.localredis.LogCapture;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One of three streams turns into a string key under a live consumer: the other two keep flowing. */
class StreamIsolationTest extends ConsumerTestBase {

    StreamIsolationTest(RedissonClient redisson) {
        super(redisson);
    }

    @Test
    void aStreamOfTheWrongTypeIsSkippedAndReportedAndResumesOnceFixed(TestKeys keys) {
        String a = keys.stream("a");
        String b = keys.stream("b");
        String c = keys.stream("c");
        Recorder recorder = new Recorder("Recorder", a, b, c);
        Set<String> expected = new HashSet<>();
        for (String stream : List.of(a, b, c)) {
            expected.addAll(streams.publishMany(stream, 10));
        }
        ConsumerConfig config = ConsumerConfig.builder().group(keys.name("g")).consumer("c1")
                .block(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(300)).build();
        try (LogCapture logs = LogCapture.of(Problems.class);
             EventConsumer consumer = EventConsumer.builder(redisson).config(config).listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> recorder.ids().equals(expected),
                    () -> recorder.distinct() + " of 30; " + consumer.state());
            assertEquals(Status.RUNNING, consumer.state().status());

            redisson.getKeys().delete(c);
            redisson.getBucket(c, StringCodec.INSTANCE).set("not a stream any more");
            expected.addAll(streams.publishMany(a, 100));
            expected.addAll(streams.publishMany(b, 100));
            Await.until(Duration.ofSeconds(30), () -> recorder.ids().equals(expected),
                    () -> recorder.distinct() + " of 230; " + consumer.state());
            Await.until(Duration.ofSeconds(30), () -> consumer.state().status() == Status.DEGRADED,
                    () -> consumer.state().toString());
            ConsumerState degraded = consumer.state();
            assertEquals(1, degraded.problems().size(), degraded.toString());
            assertEquals(Step.READ, degraded.problems().get(0).step());
            assertEquals(c, degraded.problems().get(0).stream());
            assertTrue(degraded.problems().get(0).reason().startsWith("WRONGTYPE"), degraded.toString());

            redisson.getKeys().delete(c);
            expected.addAll(streams.publishMany(c, 5)); // a new stream, without the group: the consumer creates it
            Await.until(Duration.ofSeconds(30), () -> recorder.ids().equals(expected),
                    () -> recorder.distinct() + " of 235; " + consumer.state());
            Await.until(Duration.ofSeconds(30), () -> consumer.state().status() == Status.RUNNING,
                    () -> consumer.state().toString());
            assertEquals(1, logs.messages(Level.ERROR, "read of stream '" + c + "'").size(), "ERROR once");
            assertEquals(1, logs.messages(Level.INFO, "read of stream '" + c + "' works again").size());
        }
        assertEquals(List.of(), recorder.duplicates());
    }
}
