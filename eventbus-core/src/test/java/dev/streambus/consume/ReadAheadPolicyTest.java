package dev.streambus.consume;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadAheadPolicyTest {

    private final ReadAheadPolicy policy = new ReadAheadPolicy(ConsumerConfig.builder().group("g")
            .reclaimIdle(Duration.ofSeconds(5)).build());

    @Test
    void readsAheadWhileBatchesAreQuick() {
        assertTrue(policy.getAsBoolean());
        policy.handled(TimeUnit.MILLISECONDS.toNanos(3));
        assertTrue(policy.getAsBoolean());
    }

    @Test
    void notAfterASlowBatchUntilAQuickOne() {
        policy.handled(TimeUnit.MILLISECONDS.toNanos(501)); // over reclaimIdle / 10
        assertFalse(policy.getAsBoolean());
        policy.handled(TimeUnit.MILLISECONDS.toNanos(10));
        assertTrue(policy.getAsBoolean());
    }

    @Test
    void notOnceStopping() {
        policy.stop();
        assertFalse(policy.getAsBoolean());
        policy.resume();
        assertTrue(policy.getAsBoolean());
    }
}
