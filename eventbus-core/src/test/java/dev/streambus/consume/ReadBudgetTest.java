package dev.streambus.consume;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The entries a consumer may hold: bounded by time (a quarter of reclaimIdle), by batchSize, and small at first. */
class ReadBudgetTest {

    private static final long MS = 1_000_000;

    @Test
    void startsSmallThenHoldsWhatTheWorkersHandleWithinAQuarterOfReclaimIdle() {
        ReadBudget budget = new ReadBudget(250, Duration.ofSeconds(1), 1);
        assertEquals(ReadBudget.INITIAL, budget.entries(), "before any handling time is known");
        budget.handled(50 * MS);
        assertEquals(5, budget.entries(), "250 ms / 50 ms per entry");
        budget.handled(50 * MS);
        assertEquals(5, budget.entries());
    }

    @Test
    void neverMoreThanBatchSizeNorLessThanOne() {
        ReadBudget budget = new ReadBudget(250, Duration.ofSeconds(30), 1);
        budget.handled(1_000);
        assertEquals(250, budget.entries(), "fast handlers: batchSize");
        ReadBudget slow = new ReadBudget(250, Duration.ofSeconds(1), 1);
        slow.handled(3_000 * MS);
        assertEquals(1, slow.entries(), "an entry longer than reclaimIdle: one at a time");
        assertEquals(3, new ReadBudget(3, Duration.ofSeconds(30), 1).entries(), "initial capped by batchSize");
    }

    @Test
    void parallelWorkersMultiplyTheBudgetAndASlowOutlierFadesOut() {
        ReadBudget four = new ReadBudget(250, Duration.ofSeconds(1), 4);
        four.handled(50 * MS);
        assertEquals(20, four.entries(), "4 workers handle 4 entries per 50 ms");
        ReadBudget budget = new ReadBudget(250, Duration.ofSeconds(2), 1);
        budget.handled(MS);
        budget.handled(1_500 * MS);
        int afterOutlier = budget.entries();
        for (int i = 0; i < 30; i++) {
            budget.handled(MS);
        }
        assertEquals(1, afterOutlier, "just after a 1.5 s entry");
        assertEquals(250, budget.entries(), "back to fast");
    }

    @Test
    void ordersLimitTheParallelism() {
        ConsumerConfig perStream = ConsumerConfig.builder().group("g").workers(4).reclaimIdle(Duration.ofSeconds(1))
                .build();
        ReadBudget twoStreams = ReadBudget.of(perStream, 2);
        twoStreams.handled(50 * MS);
        assertEquals(10, twoStreams.entries(), "PER_STREAM over 2 streams: 2 entries at a time");
        ReadBudget none = ReadBudget.of(perStream.toBuilder().ordering(ConsumerConfig.Ordering.NONE).build(), 2);
        none.handled(50 * MS);
        assertEquals(20, none.entries(), "NONE: all 4 workers");
    }
}
