package dev.streambus.consume.handle;

import dev.streambus.redis.StreamEntry;

/**
 * First step: an entry deleted or trimmed while it was pending, or delivered more than {@code maxDeliveries} times
 * (it failed, or its consumer died, that often), is dead-lettered without running anything.
 */
public final class MaxDeliveries implements EntryMiddleware {

    private final int maxDeliveries;

    public MaxDeliveries(int maxDeliveries) {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be >= 1, was " + maxDeliveries);
        }
        this.maxDeliveries = maxDeliveries;
    }

    @Override
    public EntryHandler wrap(EntryHandler next) {
        return entry -> {
            StreamEntry e = entry.entry();
            if (e.deleted()) {
                return Outcome.deadLetter("entry " + e.id() + " of stream '" + e.stream()
                        + "' was deleted or trimmed before it was handled");
            }
            if (entry.deliveries() > maxDeliveries) {
                return Outcome.deadLetter("delivered " + entry.deliveries() + " times (max " + maxDeliveries
                        + ") without success");
            }
            return next.handle(entry);
        };
    }
}
