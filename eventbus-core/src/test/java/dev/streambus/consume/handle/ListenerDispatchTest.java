package dev.streambus.consume.handle;

import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenerDispatchTest {

    private final List<String> calls = new ArrayList<>();

    private MessageListener listener(String name, Throwable failure) {
        return Listeners.onMessage(Set.of(Entries.STREAM), name, m -> {
            calls.add(name);
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        });
    }

    @Test
    void callsEveryListenerInOrderThroughTheMiddlewaresFirstOutermost() {
        Middleware outer = next -> (l, m) -> {
            calls.add("outer>" + l.receiver());
            next.invoke(l, m);
        };
        Middleware inner = next -> (l, m) -> {
            calls.add("inner>" + l.receiver());
            next.invoke(l, m);
        };
        Outcome outcome = new ListenerDispatch(List.of(outer, inner))
                .handle(Entries.decoded(1, List.of(listener("A", null), listener("B", null))));
        assertSame(Outcome.ACK, outcome);
        assertEquals(List.of("outer>A", "inner>A", "A", "outer>B", "inner>B", "B"), calls);
    }

    @Test
    void aFailureIsARetryNamingEachFailingListenerAndTheOthersStillRun() {
        Outcome outcome = new ListenerDispatch(List.of()).handle(Entries.decoded(1, List.of(
                listener("A", new IllegalStateException("a")), listener("B", null),
                listener("C", new AssertionError("c")))));
        Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, outcome);
        assertEquals(List.of("A", "C"), retry.failures().stream().map(ListenerFailure::receiver).toList());
        assertEquals("C: AssertionError: c", retry.reason());
        assertEquals(List.of("A", "B", "C"), calls);
    }

    @Test
    void aMalformedMessageFromAListenerDeadLettersAndStops() {
        Outcome outcome = new ListenerDispatch(List.of()).handle(Entries.decoded(1, List.of(
                listener("A", new MalformedMessageException(Entries.STREAM, "1-0", "data.n", "not a number")),
                listener("B", null))));
        assertInstanceOf(Outcome.DeadLetter.class, outcome);
        assertEquals(List.of("A"), calls);
    }

    @Test
    void refusesAnEntryNotDecoded() {
        assertThrows(IllegalStateException.class,
                () -> new ListenerDispatch(List.of()).handle(Entries.handling("{}", 1)));
    }
}
