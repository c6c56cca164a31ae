package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetter;
import dev.streambus.redis.StreamEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the consumer relies on from its ports, held against the in-memory fakes ({@link InMemoryPipelineTest}) and
 * real Redis ({@link RedisPipelineTest}) alike: a {@link StreamReader} of a group, its {@link Acker}, a
 * {@link dev.streambus.deadletter.DeadLetterSink}.
 */
abstract class PipelineContract {

    /** A stream name unique to this test. */
    protected abstract String stream(String base);

    /** Appends a Laravel-format entry; returns its id. */
    protected abstract String append(String stream, int n);

    /** A reader of {@code streams} as one consumer of the group (BLOCK of 100 ms). */
    protected abstract StreamReader reader(List<String> streams);

    protected abstract Acker acker(StreamReader reader);

    /** Parks a dead letter and returns the (original id, reason) pairs parked for {@code stream}. */
    protected abstract List<List<String>> parkAndList(DeadLetter letter, String stream);

    private static List<String> ids(List<Delivery> read) {
        return read.stream().map(d -> d.entry().id()).toList();
    }

    @Test
    void newEntriesComeInStreamOrderAsFirstDeliveries() {
        String s = stream("orders");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(append(s, i));
        }
        StreamReader reader = reader(List.of(s));
        reader.open();
        List<Delivery> read = reader.next(10);
        assertEquals(ids, ids(read));
        read.forEach(d -> assertEquals(1, d.deliveries(), d.toString()));
        assertEquals(List.of(), reader.next(10), "nothing new: an empty read after the block");
    }

    @Test
    void aReadOfSeveralStreamsBringsAtMostMaxInAllAndEachEntryOnce() {
        List<String> streams = List.of(stream("a"), stream("b"), stream("c"));
        Set<String> appended = new HashSet<>();
        for (String s : streams) {
            for (int i = 0; i < 10; i++) {
                appended.add(s + "/" + append(s, i));
            }
        }
        StreamReader reader = reader(streams);
        reader.open();
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 20 && seen.size() < 30; round++) {
            List<Delivery> read = reader.next(6);
            assertTrue(read.size() <= 6, "at most max in all: " + read.size());
            for (Delivery d : read) {
                assertTrue(seen.add(d.entry().stream() + "/" + d.entry().id()), "once: " + d);
            }
        }
        assertEquals(appended, seen);
    }

    @Test
    void unacknowledgedEntriesComeBackAfterReopenAcknowledgedOnesDoNot() {
        String s = stream("orders");
        for (int i = 0; i < 4; i++) {
            append(s, i);
        }
        StreamReader reader = reader(List.of(s));
        reader.open();
        List<Delivery> read = reader.next(10);
        assertEquals(4, read.size());
        List<StreamEntry> done = List.of(read.get(0).entry(), read.get(1).entry());
        acker(reader).acknowledge(done).toCompletableFuture().join();
        reader.open(); // a restart of the same consumer
        List<Delivery> again = reader.next(10);
        assertEquals(ids(read.subList(2, 4)), ids(again));
        again.forEach(d -> assertTrue(d.deliveries() >= 2, "a redelivery counts: " + d));
    }

    @Test
    void aDeadLetterKeepsTheOriginalIdAndTheReason() {
        String s = stream("orders");
        String id = append(s, 1);
        StreamReader reader = reader(List.of(s));
        reader.open();
        Delivery d = reader.next(1).get(0);
        List<List<String>> parked = parkAndList(new DeadLetter(d.entry(), "g", "c1", 1, "malformed: data"), s);
        assertEquals(List.of(List.of(id, "malformed: data")), parked);
    }
}
