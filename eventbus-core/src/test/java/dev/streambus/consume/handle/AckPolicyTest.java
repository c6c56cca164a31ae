package dev.streambus.consume.handle;

import dev.streambus.consume.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AckPolicyTest {

    private final Outcome.Retry failure = Entries.failed("Mailer", "smtp down");

    @Test
    void onSuccessRetriesAFailureBeforeTheLastDelivery() {
        EntryHandler step = new AckPolicy(ConsumerConfig.AckPolicy.ON_SUCCESS, 3).wrap(new Entries.Fixed(failure));
        assertSame(failure, step.handle(Entries.handling("{}", 2)));
    }

    @Test
    void onSuccessDeadLettersAFailureOnTheLastDeliveryWithTheLastError() {
        EntryHandler step = new AckPolicy(ConsumerConfig.AckPolicy.ON_SUCCESS, 3).wrap(new Entries.Fixed(failure));
        assertEquals(Outcome.deadLetter("failed on delivery 3 of 3; last error: Mailer: IllegalStateException: "
                + "smtp down"), step.handle(Entries.handling("{}", 3)));
    }

    @Test
    void alwaysAcknowledgesAFailure() {
        EntryHandler step = new AckPolicy(ConsumerConfig.AckPolicy.ALWAYS, 3).wrap(new Entries.Fixed(failure));
        assertSame(Outcome.ACK, step.handle(Entries.handling("{}", 1)));
    }

    @Test
    void leavesOtherOutcomesAlone() {
        Outcome dead = Outcome.deadLetter("malformed");
        EntryHandler step = new AckPolicy(ConsumerConfig.AckPolicy.ALWAYS, 1).wrap(new Entries.Fixed(dead));
        assertSame(dead, step.handle(Entries.handling("{}", 1)));
        EntryHandler ack = new AckPolicy(ConsumerConfig.AckPolicy.ON_SUCCESS, 1).wrap(new Entries.Fixed(Outcome.ACK));
        assertSame(Outcome.ACK, ack.handle(Entries.handling("{}", 1)));
    }
}
