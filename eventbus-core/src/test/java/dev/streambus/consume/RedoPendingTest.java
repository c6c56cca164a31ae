package dev.streambus.consume;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.redis.AutoClaim;
import dev.streambus.testing.Streams;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EventConsumer#redoPending()}: entries claimed to a running consumer are handled now, not at its next reclaim
 * round; entries it holds already are not handled twice.
 */
@RedisTest
class RedoPendingTest {

    private final RedissonClient redisson;
    private final Streams streams;

    RedoPendingTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    private static ConsumerConfig config(String group) {
        return ConsumerConfig.builder().group(group).consumer("keeper").block(Duration.ofMillis(200))
                .reclaimIdle(Duration.ofMinutes(10)).reclaimInterval(Duration.ofMillis(200)).build();
    }

    @Test
    void entriesClaimedToARunningConsumerAreHandledOnRedo(TestKeys keys) throws InterruptedException {
        String stream = keys.stream("claimed");
        String group = keys.name("g");
        List<String> ids = streams.publishMany(stream, 3);
        streams.createGroupAtStart(stream, group);
        streams.readNew(stream, group, "crashed", 3);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (EventConsumer keeper = EventConsumer.builder(redisson).config(config(group))
                .listener(Listeners.onMessage(Set.of(stream), "Keeper", m -> handled.add(m.id()))).build()) {
            keeper.start();
            Await.until(Duration.ofSeconds(20), () -> keeper.state().status() == ConsumerState.Status.RUNNING,
                    () -> "keeper " + keeper.state());
            AutoClaim.Page page = new AutoClaim(redisson).claim(stream, group, "keeper", 0, "0-0", 10);
            assertEquals(ids, page.entries().stream().map(e -> e.id()).toList(), "claimed to keeper");

            Thread.sleep(1_000); // several reads (BLOCK 200 ms): a running consumer reads only new entries
            assertEquals(List.of(), handled, "not redone without redoPending (reclaimIdle is 10 min)");
            assertEquals(3, streams.pending(stream, group));

            keeper.redoPending();
            Await.until(Duration.ofSeconds(20), () -> handled.size() >= 3 && streams.pending(stream, group) == 0,
                    () -> handled + " handled, " + streams.pending(stream, group) + " pending");
            Thread.sleep(600);
            assertEquals(ids, handled, "each claimed entry handled once");
        }
    }

    @Test
    void anEntryInHandIsNotHandledTwiceWhenPendingIsRedone(TestKeys keys) throws InterruptedException {
        String stream = keys.stream("inhand");
        String group = keys.name("g");
        List<String> ids = streams.publishMany(stream, 1);
        streams.createGroupAtStart(stream, group);
        List<String> handled = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EventConsumer keeper = EventConsumer.builder(redisson).config(config(group))
                .listener(Listeners.onMessage(Set.of(stream), "Slow", m -> {
                    handled.add(m.id());
                    entered.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })).build()) {
            keeper.start();
            assertTrue(entered.await(20, TimeUnit.SECONDS), "handler entered");
            keeper.redoPending(); // rereads the entry in hand: it must not be handed out again
            Thread.sleep(1_000);
            release.countDown();
            Await.until(Duration.ofSeconds(20), () -> streams.pending(stream, group) == 0,
                    () -> streams.pending(stream, group) + " pending");
            Thread.sleep(600);
            assertEquals(ids, handled, "handled once");
        }
    }
}
