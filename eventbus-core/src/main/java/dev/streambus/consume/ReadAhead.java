package dev.streambus.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decorates a reader with flow control: reads while the workers handle, but never more than the consumer can handle
 * well within {@code reclaimIdle} ({@link ReadBudget}), counting the entries in hand and those reserved by the other
 * reader groups' reads on their way ({@link InHand}). One read asks for at most {@value #MAX_READ} entries (or this
 * reader's share of the budget, if less): replies of about that size spread a round trip's fixed cost well, while
 * bigger ones cost the client more per entry (Redisson re-scans a reply that arrives in several socket reads) and
 * make the workers wait longer for the first entry of each read. A read waits until at least half of that is free
 * (so reads are not split into many small ones), then asks for what is free, at most that; so with a budget larger
 * than one read, the next read is on its way while the workers handle the previous ones. After waiting
 * {@code block} without room it returns nothing.
 */
final class ReadAhead implements StreamReader {

    /** The most entries one read asks for (XREADGROUP COUNT, shared among the read's streams). */
    static final int MAX_READ = 100;

    private final StreamReader reader;
    private final InHand inHand;
    private final ReadBudget budget;
    private final int readers;
    private final long blockNanos;

    /** @param readers how many reader groups share the budget */
    ReadAhead(StreamReader reader, InHand inHand, ReadBudget budget, int readers, Duration block) {
        this.reader = reader;
        this.inHand = inHand;
        this.budget = budget;
        this.readers = Math.max(1, readers);
        this.blockNanos = block.toNanos();
    }

    @Override
    public void open() {
        reader.open();
    }

    /**
     * One read within the budget: waits for room (up to BLOCK; none: returns nothing), reads at most {@code max} (the
     * caller's limit, e.g. {@code stopAfter}) and what is free, and takes the entries into hand while the read's
     * reservation stands. Returns only the entries taken: not those this consumer holds already, nor those it
     * settled while the read was on its way (Redis handing out its own slow entries again).
     */
    @Override
    public List<Delivery> next(int max) {
        int total = budget.entries();
        int share = Math.max(1, Math.min(MAX_READ, total / readers));
        InHand.Read reservation;
        try {
            reservation = inHand.reserve(total, (share + 1) / 2, Math.min(max, share), blockNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        if (reservation == null) {
            return List.of();
        }
        try {
            List<Delivery> read = reader.next(reservation.reserved());
            List<Delivery> taken = new ArrayList<>(read.size());
            for (Delivery delivery : read) {
                if (inHand.take(delivery.entry(), reservation)) {
                    taken.add(delivery);
                }
            }
            return taken;
        } finally {
            inHand.readDone(reservation);
        }
    }

    @Override
    public void redoPending() {
        reader.redoPending();
    }

    @Override
    public List<ConsumerState.Problem> problems() {
        return reader.problems();
    }
}
