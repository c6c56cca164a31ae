package dev.streambus.consume.handle;

import dev.streambus.consume.Delivery;
import dev.streambus.redis.StreamEntry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxDeliveriesTest {

    private final Entries.Fixed next = new Entries.Fixed(Outcome.ACK);
    private final EntryHandler step = new MaxDeliveries(3).wrap(next);

    @Test
    void passesEntriesWithinTheLimit() {
        assertSame(Outcome.ACK, step.handle(Entries.handling("{}", 3)));
        assertEquals(1, next.calls.get());
    }

    @Test
    void deadLettersAnEntryDeliveredTooOftenWithoutRunningAnything() {
        Outcome outcome = step.handle(Entries.handling("{}", 4));
        assertEquals(new Outcome.DeadLetter("delivered 4 times (max 3) without success"), outcome);
        assertEquals(0, next.calls.get());
    }

    @Test
    void deadLettersADeletedEntry() {
        Outcome outcome = step.handle(Handling.of(new Delivery(StreamEntry.deleted("s", "5-1"), 0)));
        assertTrue(outcome instanceof Outcome.DeadLetter d && d.reason().equals(
                "entry 5-1 of stream 's' was deleted or trimmed before it was handled"), outcome.toString());
        assertEquals(0, next.calls.get());
    }
}
