package dev.streambus.publish;

import dev.streambus.event.EntityEvent;
import dev.streambus.event.Replayable;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code publish(event, idempotencyKey)} on the shared Redis 7 (no XADD IDMP: the SET NX + XADD script). */
@RedisTest
class IdempotentPublishTest {

    static final String PLACED = "streambus.test.idempotent.order-placed";
    static final String RENAMED = "streambus.test.idempotent.user-renamed";
    static final String ORDER = "streambus.test.idempotent.order";

    @StreamerEvent(name = PLACED)
    record OrderPlaced(String orderId, long amountCents) implements EntityEvent {
        @Override
        public String entityType() {
            return ORDER;
        }

        @Override
        public String entityId() {
            return orderId;
        }
    }

    @StreamerEvent(name = RENAMED)
    record UserRenamed(String userId, String name) implements Replayable {
        @Override
        public String identifier() {
            return userId;
        }
    }

    @StreamerEvent(name = PLACED)
    record PlainOrderPlaced(String orderId, long amountCents) {
    }

    private static final List<String> KEYS = List.of("k-1", "k-2", "again");

    private final RedissonClient redisson;

    IdempotentPublishTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @BeforeEach
    @AfterEach
    void deleteFixedNameKeys() {
        List<String> names = new ArrayList<>(List.of(PLACED, RENAMED, RENAMED + "-u-1", ORDER + ":o-1"));
        for (String stream : List.of(PLACED, RENAMED)) {
            KEYS.forEach(key -> names.add(IdempotencyKeys.storageKey(stream, key)));
            for (int i = 0; i < 25; i++) {
                names.add(IdempotencyKeys.storageKey(stream, "o-" + i));
            }
        }
        redisson.getKeys().delete(names.toArray(String[]::new));
    }

    @Test
    void aRetryWithTheSameKeyStoresNothingAndReturnsTheOriginalId() {
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        String first = publisher.publish(new PlainOrderPlaced("o-1", 100), "k-1");
        String retry = publisher.publish(new PlainOrderPlaced("o-1", 100), "k-1");
        String async = publisher.publishAsync(new PlainOrderPlaced("o-1", 100), "k-1").join();
        String other = publisher.publish(new PlainOrderPlaced("o-1", 100), "k-2");

        assertEquals(first, retry, "the retry returns the original id");
        assertEquals(first, async);
        assertNotEquals(first, other, "another key is another entry");
        assertEquals(2, length(PLACED));
        String stored = IdempotencyKeys.storageKey(PLACED, "k-1");
        assertEquals("{" + PLACED + "}:idem:k-1", stored, "the stream's hash slot");
        assertEquals(first, redisson.getBucket(stored, StringCodec.INSTANCE).get(), "the key records the id");
        long ttl = redisson.getBucket(stored).remainTimeToLive();
        assertTrue(ttl > 0 && ttl <= PublisherConfig.DEFAULT_IDEMPOTENCY_TTL.toMillis(), "expires: " + ttl);
    }

    @Test
    void theKeyIsNotAFieldTheEntryIsWhatAnUnkeyedPublishWrites() {
        Clock fixed = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("shop").clock(fixed)
                .retention(PLACED, Retention.maxLength(1_000)).build());
        publisher.publish(new PlainOrderPlaced("o-1", 100), "k-1");
        publisher.publish(new PlainOrderPlaced("o-1", 100));

        List<Map<String, String>> entries = new ArrayList<>(redisson.<String, String>getStream(PLACED,
                StringCodec.INSTANCE).range(StreamMessageId.MIN, StreamMessageId.MAX).values());
        assertEquals(2, entries.size());
        assertEquals(new ArrayList<>(entries.get(1).entrySet()), new ArrayList<>(entries.get(0).entrySet()),
                "same fields, same order, same bytes");
    }

    @Test
    void aKeyReusedAfterItsTtlPublishesAgain() {
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.builder()
                .idempotencyTtl(Duration.ofMillis(300)).build());
        String first = publisher.publish(new PlainOrderPlaced("o-1", 100), "again");
        String stored = IdempotencyKeys.storageKey(PLACED, "again");
        Await.until(Duration.ofSeconds(10), () -> !redisson.getBucket(stored).isExists(),
                () -> "key still there, ttl " + redisson.getBucket(stored).remainTimeToLive());

        String second = publisher.publish(new PlainOrderPlaced("o-1", 100), "again");
        assertNotEquals(first, second);
        assertEquals(2, length(PLACED));
    }

    @Test
    void historySnapshotAndEntityCopyAreWrittenOncePerKey() {
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        String renamed = publisher.publish(new UserRenamed("u-1", "Ann"), "k-1");
        assertEquals(renamed, publisher.publish(new UserRenamed("u-1", "Ann"), "k-1"));
        String placed = publisher.publish(new OrderPlaced("o-1", 5), "k-1");
        assertEquals(placed, publisher.publish(new OrderPlaced("o-1", 5), "k-1"));

        assertEquals(1, length(RENAMED));
        assertEquals(1, redisson.getList(RENAMED + "-u-1").size(), "one history snapshot");
        assertEquals(1, length(PLACED));
        assertEquals(1, length(ORDER + ":o-1"), "one entity copy");
    }

    @Test
    void publishAllWithKeysStoresOnlyWhatIsMissingAndReturnsTheOriginalIds() {
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.builder().batchSize(10).build());
        List<PlainOrderPlaced> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(new PlainOrderPlaced("o-" + i, i));
        }
        String seventh = publisher.publish(events.get(7), "o-7");   // an earlier, partly successful attempt

        List<String> ids = publisher.publishAll(events, PlainOrderPlaced::orderId);
        assertEquals(seventh, ids.get(7), "the entry stored before keeps its id");
        assertEquals(25, length(PLACED));
        List<String> rerun = publisher.publishAll(events, PlainOrderPlaced::orderId);
        assertEquals(ids, rerun, "re-running the same list returns the original ids");
        assertEquals(25, length(PLACED), "and stores nothing new");

        List<String> fresh = new ArrayList<>(ids);
        fresh.remove(7);
        List<String> sorted = new ArrayList<>(fresh);
        sorted.sort(dev.streambus.redis.EntryId.ORDER);
        assertEquals(sorted, fresh, "the new entries are in list order");
    }

    @Test
    void anEmptyOrMissingKeyIsRejectedBeforeAnythingIsSent() {
        Publisher publisher = new RedisPublisher(redisson, PublisherConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> publisher.publish(new PlainOrderPlaced("o-1", 1), ""));
        CompletionException async = assertThrows(CompletionException.class,
                () -> publisher.publishAsync(new PlainOrderPlaced("o-1", 1), null).join());
        assertInstanceOf(IllegalArgumentException.class, async.getCause());
        assertThrows(IllegalArgumentException.class, () -> publisher.publishAll(
                List.of(new PlainOrderPlaced("o-1", 1), new PlainOrderPlaced("o-2", 2)),
                e -> e.orderId().equals("o-2") ? null : e.orderId()));
        assertEquals(0, length(PLACED), "nothing of the list was sent");
    }

    @Test
    void theStorageKeySharesTheStreamsHashSlot() {
        assertEquals("{orders}:idem:k", IdempotencyKeys.storageKey("orders", "k"));
        assertEquals("orders{eu}:idem:k", IdempotencyKeys.storageKey("orders{eu}", "k"), "tagged: same tag");
        assertEquals("{a{}b}:idem:k", IdempotencyKeys.storageKey("a{}b", "k"), "an empty {} is no tag");
        assertThrows(IllegalArgumentException.class,
                () -> PublisherConfig.builder().idempotencyTtl(Duration.ZERO).build());
    }

    private long length(String stream) {
        return redisson.getStream(stream, StringCodec.INSTANCE).size();
    }
}
