package dev.streambus.consume;

import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.RedisStreams;
import dev.streambus.testing.ConsumerTestBase;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renewing the claim on held entries restarts their idle time, keeps the delivery count and leaves acked ones. */
class LeasesTest extends ConsumerTestBase {

    LeasesTest(RedissonClient redisson) {
        super(redisson);
    }

    @Test
    void heldEntriesDoNotIdleIntoAPeersReclaim(TestKeys keys) throws InterruptedException {
        String stream = keys.stream("orders");
        streams.publishMany(stream, 3);
        ConsumerConfig config = ConsumerConfig.builder().group(keys.name("g")).consumer("c1")
                .reclaimIdle(Duration.ofMillis(400)).block(Duration.ofMillis(100)).build();
        GroupSource reader = new GroupSource(new RedisStreams(redisson), List.of(stream), config, Clock.systemUTC());
        reader.open();
        List<Delivery> read = reader.next(10);
        assertEquals(3, read.size());
        reader.acknowledge(List.of(read.get(0).entry()));
        List<String> held = List.of(read.get(1).entry().id(), read.get(2).entry().id());
        Leases leases = new Leases(new RedisStreams(redisson), config, () -> Map.of(stream, held));
        Thread.sleep(600);
        leases.renew();
        var s = redisson.<String, String>getStream(stream, StringCodec.INSTANCE);
        List<PendingEntry> pending = s.listPending(config.group(), StreamMessageId.MIN, StreamMessageId.MAX, 10);
        assertEquals(held, pending.stream().map(p -> dev.streambus.redis.EntryId.format(p.getId())).toList(),
                "the acknowledged entry stays acknowledged");
        for (PendingEntry p : pending) {
            assertEquals("c1", p.getConsumerName());
            assertEquals(1, p.getDeliveryCount(), "a renewal is not a delivery");
            assertTrue(p.getIdleTime() < 400, "idle restarted: " + p.getIdleTime());
        }
        assertEquals(0, s.autoClaim(config.group(), "c2", 400, TimeUnit.MILLISECONDS, StreamMessageId.MIN, 10)
                .getMessages().size(), "a peer's reaper finds nothing idle");
    }
}
