package dev.streambus.benchmarks.bus;

import dev.streambus.event.StreamerEvent;

/**
 * The event every "ours" measurement publishes and consumes: an order-like record whose Laravel entry (all field
 * names and values: {@code _id, type, version, name, domain, created, data, hash}) is about 300 bytes.
 *
 * <p>Its {@link StreamerEvent#name()} is a placeholder: the stream key is the event name, so to give each run its
 * own stream the benchmark loads a copy of this class with the placeholder replaced (see {@link RunEventType}).
 * This class itself is never published.
 */
@StreamerEvent(name = BenchEvent.NAME_PLACEHOLDER)
public record BenchEvent(String orderId, String customerId, long amountCents, String currency, String sku,
                         int quantity, String note) {

    /** Replaced, byte for byte, by {@code streambus.bench.bus.<8 random hex digits>} in the per-run copy. */
    public static final String NAME_PLACEHOLDER = "streambus.bench.bus.XXXXXXXX";

    private static final String NOTE = "ring twice";

    /** The i-th sample event; every one differs (so does its hash), all have the same size. */
    public static BenchEvent sample(long i) {
        return new BenchEvent(String.format("ord-%010d", i), String.format("cus-%06d", i % 1_000_000),
                10_000 + i % 90_000, "EUR", "SKU-" + Long.toHexString(0x1000_0000L + i % 0x0FFF_FFFFL),
                1 + (int) (i % 9), NOTE);
    }
}
