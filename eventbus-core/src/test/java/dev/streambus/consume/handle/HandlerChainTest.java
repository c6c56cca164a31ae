package dev.streambus.consume.handle;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ListenerRegistry;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The assembled chain: step order, as HandlerChain documents it. */
class HandlerChainTest {

    private final List<String> seen = new ArrayList<>();
    private final ConsumerConfig config = ConsumerConfig.builder().group("g").maxDeliveries(2).build();

    private EntryMiddleware recorder(String name) {
        return next -> entry -> {
            Outcome outcome = next.handle(entry);
            seen.add(name + ":" + outcome.getClass().getSimpleName());
            return outcome;
        };
    }

    private EntryHandler chain(MessageListener listener) {
        return HandlerChain.assemble(config, new ListenerRegistry(List.of(listener)), recorder("failures"),
                recorder("afterAll"), List.of(recorder("user")), List.of());
    }

    @Test
    void userMiddlewaresSeeTheFinalOutcomeFailureRecordingSeesTheRetry() {
        MessageListener failing = Listeners.onMessage(Set.of(Entries.STREAM), "F", m -> {
            throw new IllegalStateException("no");
        });
        assertInstanceOf(Outcome.Retry.class, chain(failing).handle(Entries.handling("{}", 1)));
        assertEquals(List.of("afterAll:Retry", "failures:Retry", "user:Retry"), seen);
        seen.clear();
        assertInstanceOf(Outcome.DeadLetter.class, chain(failing).handle(Entries.handling("{}", 2)));
        assertEquals(List.of("afterAll:Retry", "failures:Retry", "user:DeadLetter"), seen,
                "the ack policy turns the last failure into a dead letter, outside failure recording");
    }

    @Test
    void aMalformedEntryNeverReachesTheInnerSteps() {
        MessageListener ok = Listeners.onMessage(Set.of(Entries.STREAM), "Ok", m -> { });
        assertInstanceOf(Outcome.DeadLetter.class, chain(ok).handle(Entries.handling("not json", 1)));
        assertEquals(List.of("user:DeadLetter"), seen);
    }

    @Test
    void aSuccessPassesEveryStep() {
        MessageListener ok = Listeners.onMessage(Set.of(Entries.STREAM), "Ok", m -> { });
        assertEquals(Outcome.ACK, chain(ok).handle(Entries.handling("{}", 1)));
        assertEquals(List.of("afterAll:Ack", "failures:Ack", "user:Ack"), seen);
    }
}
