package dev.streambus.consume;

import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.localredis.Await;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.redisson.client.codec.StringCodec;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of a consumer process mid-handler: a peer reclaims its entries; nothing is lost. */
@RedisTest
class CrashRecoveryTest {

    private final RedissonClient redisson;
    private final Streams streams;

    CrashRecoveryTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @Test
    void entriesOfAKilledConsumerAreReclaimedByAPeerAndAllAreHandledAndAcked(TestKeys keys, LocalRedis redis)
            throws Exception {
        String stream = keys.stream("orders");
        String handledKey = keys.key("handled");
        String group = keys.name("g");
        List<String> published = streams.publishMany(stream, 10_000);

        ProcessBuilder launcher = new ProcessBuilder(
                new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                CrashingConsumerMain.class.getName(), stream, group, "doomed", handledKey, "2000")
                .redirectErrorStream(true);
        launcher.environment().put(LocalRedis.ENV_VAR, redis.url()); // the same Redis, even an embedded one
        Process child = launcher.start();
        child.getOutputStream().close();
        CompletableFuture<String> inHandler = CompletableFuture.supplyAsync(() -> awaitLine(child, "IN-HANDLER"));
        String line;
        try {
            line = inHandler.get(60, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(line.startsWith("IN-HANDLER"), "child reached the handler: " + line);

        long heldByDoomed = redisson.getStream(stream, StringCodec.INSTANCE).listPending(StreamPendingRangeArgs
                .groupName(group).startId(StreamMessageId.MIN).endId(StreamMessageId.MAX).count(10_000)
                .consumerName("doomed")).size();
        assertTrue(heldByDoomed > 0, "the killed consumer held entries in flight");
        var handled = redisson.<String>getSet(handledKey, StringCodec.INSTANCE);
        assertTrue(handled.size() >= 1_999 && handled.size() < 10_000, "killed mid-way: " + handled.size());

        try (EventConsumer survivor = EventConsumer.builder(redisson)
                .config(ConsumerConfig.builder().group(group).consumer("survivor").batchSize(200)
                        .block(Duration.ofMillis(200)).reclaimIdle(Duration.ofSeconds(1))
                        .reclaimInterval(Duration.ofMillis(200)).build())
                .listener(Listeners.onMessage(Set.of(stream), "Survivor", message -> handled.add(message.id())))
                .build()) {
            survivor.start();
            Await.until(Duration.ofSeconds(90), () -> handled.size() == 10_000 && streams.pending(stream, group) == 0,
                    () -> handled.size() + " handled, " + streams.pending(stream, group) + " pending");
        }
        assertEquals(Set.copyOf(published), handled.readAll(), "every published entry handled at least once");
        assertEquals(0, streams.pending(stream, group), "everything acknowledged");
    }

    private static String awaitLine(Process child, String prefix) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                seen.append(line).append('\n');
            }
            return "child exited without reaching the handler; output:\n" + seen;
        } catch (java.io.IOException e) {
            return "reading child output failed: " + e;
        }
    }
}
