package dev.streambus.benchmarks.bus;

import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.localredis.LocalRedis;
import dev.streambus.localredis.RedisTest;
import dev.streambus.publish.EventEncoder;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peers against real Redis: each handles every entry, decodes what streambus decodes, and leaves no key. */
@RedisTest
class PeersTest {

    private final RedissonClient redisson;
    private final LocalRedis redis;
    private RunKeys keys;
    private PeerClients clients;
    private RunEventType events;
    private PeerEntry entry;

    PeersTest(RedissonClient redisson, LocalRedis redis) {
        this.redisson = redisson;
        this.redis = redis;
    }

    @BeforeEach
    void setUp() {
        keys = new RunKeys(redisson);
        clients = new PeerClients(redis.redisUrl());
        events = RunEventType.named(keys.eventName());
        EventEncoder encoder = new EventEncoder(PublisherConfig.builder().domain("bench").build());
        entry = new PeerEntry(encoder.encode(events.sample(7)).message().fields(), events.type());
    }

    @AfterEach
    void tearDown() {
        clients.close();
        keys.close();
    }

    @Test
    void peerDecodesDataIntoTheRecordStreambusDispatches() {
        LinkedHashMap<String, String> stored = new LinkedHashMap<>(entry.fields());
        Object peer = entry.decode("1-0", stored);
        Object ours = MessageDecoder.decode("s", "1-0", stored).dataAs(events.type());
        assertEquals(events.sample(7), peer);
        assertEquals(ours, peer);
    }

    @Test
    void consumePeersHandleAndAcknowledgeEveryEntryAndDeleteTheirStream() throws Exception {
        String stream = keys.key("peer-consume");
        PeerConsume consume = new PeerConsume(clients, entry, new RawPublish(redisson, entry.fields(), stream, keys),
                stream, keys);

        assertEquals(1_050, consume.lettuceLoop(1_050, 100).run().events());
        assertEquals(0, redisson.getKeys().countExists(stream));
        assertEquals(300, consume.springContainer(300).run().events());
        assertEquals(0, redisson.getKeys().countExists(stream));
    }

    @Test
    void latencySubjectsHandleEveryScheduledEventAndDeleteTheirStream() throws Exception {
        RedisPublisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("bench").build());
        String peerStream = keys.key("peer-latency");
        for (LatencySubject subject : List.of(
                new OurLatencySubject(redisson, publisher, events, keys.eventName(), keys),
                new LettuceLatencySubject(clients, publisher, events, peerStream, keys))) {
            EndToEndLatency.Result result = EndToEndLatency.measure(subject, 2_000, Duration.ofMillis(100),
                    Duration.ofMillis(500));

            assertEquals(1_000, result.events(), subject.label() + ": the measured events, warm-up left out");
            assertTrue(result.p50Millis() > 0 && result.p50Millis() <= result.p99Millis(), subject.label());
        }
        assertEquals(0, redisson.getKeys().countExists(keys.eventName(), peerStream));
    }

    @Test
    void publishPeersWriteEveryEntryAndDeleteTheirStream() throws Exception {
        String stream = keys.key("peer-publish");
        PeerPublish publish = new PeerPublish(clients, entry, stream, keys);

        assertEquals(2_500, publish.lettuceFlushed(2_500, 1_000).run().events());
        assertEquals(2_500, publish.springPipelined(2_500, 1_000).run().events());
        assertEquals(50, publish.springOneByOne(50).run().events());
        assertEquals(50, publish.lettuceOneByOne(50).run().events());
        assertEquals(50, publish.jedisOneByOne(50).run().events());
        assertEquals(50, new RawPublish(redisson, entry.fields(), stream, keys)
                .oneByOneOnConnection(redis.redisUrl(), 50).run().events());
        assertEquals(1_000, publish.lettuceSyncThreads(1_000, 64).run().events(), "each thread's share, all of n");
        assertEquals(1_000, publish.jedisPooledThreads(1_000, 64).run().events(), "each thread's share, all of n");
        assertEquals(0, redisson.getKeys().countExists(stream));
    }
}
