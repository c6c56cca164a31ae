package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the coalesced acknowledgements go out, and on which threads (an acker that confirms at once). */
class CoalescedAcksTest {

    private final List<List<StreamEntry>> acknowledged = new CopyOnWriteArrayList<>();
    private final CoalescedAcks acks = new CoalescedAcks(entries -> CompletableFuture.completedFuture(null),
            acknowledged::add, (entries, error) -> { });

    @Test
    void aLoneSettledEntryGoesAfterTheShortWaitAndNoFlushStartsAThread() throws Exception {
        acks.add(entry(0));
        awaitAcknowledged(1);                  // the JDK's delay thread exists from here on
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();

        for (int i = 1; i <= 20; i++) {
            acks.add(entry(i));
            awaitAcknowledged(i + 1);
        }

        long started = threads.getTotalStartedThreadCount() - startedBefore;
        assertEquals(21, acknowledged.size(), "each lone entry went in an acknowledgement of its own");
        acknowledged.forEach(sent -> assertEquals(1, sent.size()));
        assertTrue(started < 5, "20 delayed flushes started " + started + " threads (one per flush on 1-2 CPUs "
                + "before they ran on the delay thread itself)");
    }

    private void awaitAcknowledged(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acknowledged.size() < count) {
            assertTrue(System.nanoTime() < deadline, "acknowledged " + acknowledged.size() + " of " + count);
            Thread.sleep(1);
        }
    }

    private static StreamEntry entry(int i) {
        return new StreamEntry("streambus.test.acks", i + "-0", Map.of("name", "streambus.test.acks"));
    }
}
