package dev.streambus.consume;

import ch.qos.logback.classic.Level;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.localredis.LogCapture;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamConsumer;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group destroyed or a stream recreated under a live consumer; dead consumers removed by the reaper. */
class GroupLifecycleTest extends ConsumerTestBase {

    GroupLifecycleTest(RedissonClient redisson) {
        super(redisson);
    }

    private static ConsumerConfig.Builder config(TestKeys keys) {
        return ConsumerConfig.builder().group(keys.name("g")).consumer("live").block(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(300)).reclaimIdle(Duration.ofHours(1));
    }

    @Test
    void aDestroyedGroupIsRecreatedAfterTheLastAcknowledgedEntryNotFromZero(TestKeys keys) {
        String stream = keys.stream("orders");
        Recorder recorder = new Recorder("Recorder", stream);
        List<String> handled = streams.publishMany(stream, 2_000);
        try (LogCapture logs = LogCapture.of(GroupCreation.class);
             EventConsumer consumer = EventConsumer.builder(redisson).config(config(keys).build())
                     .listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 2_000,
                    () -> consumer.stats().toString());

            redisson.getStream(stream, StringCodec.INSTANCE).removeGroup(keys.name("g"));
            Set<String> expected = new HashSet<>(handled);
            expected.addAll(streams.publishMany(stream, 20));
            Await.until(Duration.ofSeconds(30), () -> recorder.ids().equals(expected),
                    () -> recorder.distinct() + " of 2020; " + consumer.stats());
            assertEquals(List.of(), recorder.duplicates(), "the 2,000 handled entries are not handled again");
            List<String> errors = logs.messages(Level.ERROR, "vanished");
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("after " + handled.get(handled.size() - 1)), errors.get(0));
        }
    }

    @Test
    void aStreamRecreatedBelowWhatWasAcknowledgedIsReadFromTheConfiguredStart(TestKeys keys) {
        String stream = keys.stream("orders");
        Recorder recorder = new Recorder("Recorder", stream);
        Set<String> expected = new HashSet<>(streams.publishMany(stream, 5));
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(config(keys).build())
                .listener(recorder).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 5,
                    () -> consumer.stats().toString());

            redisson.getKeys().delete(stream); // e.g. Redis restarted empty; the new entries have lower ids
            RStream<String, String> rs = redisson.getStream(stream, StringCodec.INSTANCE);
            for (int seq = 1; seq <= 3; seq++) {
                StreamMessageId id = new StreamMessageId(1, seq);
                rs.add(id, StreamAddArgs.entries(streams.fields(stream, seq)));
                expected.add("1-" + seq);
            }
            Await.until(Duration.ofSeconds(30), () -> recorder.ids().equals(expected),
                    () -> recorder.ids() + "; " + consumer.stats());
        }
    }

    @Test
    void theReaperRemovesIdleConsumersWithNothingPendingAndKeepsOnesHoldingEntries(TestKeys keys) {
        String stream = keys.stream("orders");
        String group = keys.name("g");
        RStream<String, String> rs = redisson.getStream(stream, StringCodec.INSTANCE);
        rs.createGroup(StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL).makeStream());
        streams.publishMany(stream, 3);
        rs.readGroup(group, "holder", StreamReadGroupArgs.neverDelivered().count(3)); // holds 3, never acks
        rs.createConsumer(group, "dead-1");
        rs.createConsumer(group, "dead-2");

        Duration deadIdle = Duration.ofMillis(300);
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(config(keys)
                        .reclaimInterval(Duration.ofMillis(50)).deadConsumerIdle(deadIdle).build())
                .listener(new Recorder("Recorder", stream)).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> names(rs, group).equals(Set.of("holder", "live")),
                    () -> rs.listConsumers(group).toString());
        }
        StreamConsumer holder = rs.listConsumers(group).stream().filter(c -> c.getName().equals("holder"))
                .findFirst().orElseThrow();
        assertTrue(holder.getIdleTime() > deadIdle.toMillis(), "idle long enough, kept for its entries");
        assertEquals(3, holder.getPending());
        assertEquals(3, streams.pending(stream, group));
    }

    @Test
    void deadConsumerIdleMustExceedTheBlockTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsumerConfig.builder()
                .block(Duration.ofSeconds(2)).deadConsumerIdle(Duration.ofSeconds(1)).build());
        assertTrue(e.getMessage().contains("deadConsumerIdle"), e.getMessage());
        assertEquals(Duration.ofHours(1), ConsumerConfig.builder().build().deadConsumerIdle());
    }

    private static Set<String> names(RStream<String, String> rs, String group) {
        return rs.listConsumers(group).stream().map(StreamConsumer::getName).collect(Collectors.toSet());
    }
}
