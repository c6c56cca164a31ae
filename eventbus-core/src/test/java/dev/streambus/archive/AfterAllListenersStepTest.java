package dev.streambus.archive;

import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.handle.EntryHandler;
import dev.streambus.consume.handle.Handling;
import dev.streambus.consume.handle.ListenerFailure;
import dev.streambus.consume.handle.Outcome;
import dev.streambus.redis.StreamEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The step alone: the action runs on an ack only, and its failure does not change the outcome. */
class AfterAllListenersStepTest {

    private final List<String> acted = new ArrayList<>();
    private final Map<String, String> fields = Map.of("name", "s", "data", "{}");
    private final Handling decoded = Handling.of(new Delivery(new StreamEntry("s", "1-0", fields), 1))
            .decoded(MessageDecoder.decode("s", "1-0", fields), List.of());

    private Outcome run(Outcome inner, AfterAllListeners.EntryAction action) {
        EntryHandler next = entry -> inner;
        return new AfterAllListeners(action).wrap(next).handle(decoded);
    }

    @Test
    void runsOnceWhenEveryListenerSucceeded() {
        assertSame(Outcome.ACK, run(Outcome.ACK, m -> acted.add(m.id())));
        assertEquals(List.of("1-0"), acted);
    }

    @Test
    void neverRunsOnARetryOrADeadLetter() {
        Outcome retry = Outcome.retry(List.of(new ListenerFailure("L", new IllegalStateException("x"))));
        assertSame(retry, run(retry, m -> acted.add(m.id())));
        Outcome dead = Outcome.deadLetter("bad");
        assertSame(dead, run(dead, m -> acted.add(m.id())));
        assertEquals(List.of(), acted);
    }

    @Test
    void aFailingActionLeavesTheAck() {
        assertSame(Outcome.ACK, run(Outcome.ACK, m -> {
            throw new IllegalStateException("archive down");
        }));
    }
}
