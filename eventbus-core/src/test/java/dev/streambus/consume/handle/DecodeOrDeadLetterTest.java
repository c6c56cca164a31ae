package dev.streambus.consume.handle;

import dev.streambus.compat.message.Mapping;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.ListenerRegistry;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import dev.streambus.event.StreamerEvent;
import dev.streambus.redis.StreamEntry;
import dev.streambus.redis.Unreadable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeOrDeadLetterTest {

    @StreamerEvent(name = Entries.STREAM)
    record Order(int n) {
    }

    private final MessageListener raw = Listeners.onMessage(Set.of(Entries.STREAM), "Raw", m -> { });
    private final AtomicReference<Handling> seen = new AtomicReference<>();
    private final EntryHandler step = new DecodeOrDeadLetter(new ListenerRegistry(List.of(raw)), Mapping.STRICT)
            .wrap(entry -> {
                seen.set(entry);
                return Outcome.ACK;
            });

    @Test
    void decodesAndRoutesBeforeTheRest() {
        assertEquals(Outcome.ACK, step.handle(Entries.handling("{\"n\":1}", 1)));
        ReceivedMessage message = seen.get().message();
        assertEquals(Entries.STREAM, message.name());
        assertEquals(List.of(raw), seen.get().listeners());
    }

    @Test
    void deadLettersMalformedEntriesNamingTheField() {
        Outcome outcome = step.handle(Handling.of(new Delivery(new StreamEntry(Entries.STREAM, "1-0",
                Map.of("data", "{}")), 1)));
        DeadLetterAssert.names(outcome, "1-0", "name");
        assertEquals(null, seen.get(), "nothing behind it ran");
    }

    @Test
    void deadLettersUnreadableEntries() {
        Outcome outcome = step.handle(Handling.of(new Delivery(new StreamEntry(Entries.STREAM, "1-0",
                Map.of("name", Entries.STREAM, "data", "{}"), new Unreadable("data", "stored twice", List.of())), 1)));
        DeadLetterAssert.names(outcome, "1-0", "data");
    }

    @Test
    void deadLettersAnEventWithoutListener() {
        Outcome outcome = step.handle(Handling.of(new Delivery(new StreamEntry(Entries.STREAM, "1-0",
                Map.of("name", "other.event", "data", "{}")), 1)));
        DeadLetterAssert.names(outcome, "1-0", "no listener for event 'other.event'");
    }

    @Test
    void deadLettersDataATypedListenerCannotMapAtDeliveryOne() {
        MessageListener typed = Listeners.on(Order.class, "Typed", (o, m) -> { });
        EntryHandler strict = new DecodeOrDeadLetter(new ListenerRegistry(List.of(typed)), Mapping.STRICT)
                .wrap(entry -> Outcome.ACK);
        DeadLetterAssert.names(strict.handle(Entries.handling("{\"n\":\"many\"}", 1)), "1-0", "n");
    }

    /** Checks a dead letter's reason. */
    static final class DeadLetterAssert {
        static void names(Outcome outcome, String... parts) {
            Outcome.DeadLetter dead = assertInstanceOf(Outcome.DeadLetter.class, outcome);
            for (String part : parts) {
                assertTrue(dead.reason().contains(part), dead.reason() + " names " + part);
            }
        }
    }
}
