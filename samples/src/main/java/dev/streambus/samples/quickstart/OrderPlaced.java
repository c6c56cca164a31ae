package dev.streambus.samples.quickstart;

import dev.streambus.event.StreamerEvent;

import java.util.List;

/** A typed event: published to the stream {@code order.placed}, exactly as Laravel's {@code Streamer::emit}. */
@StreamerEvent(name = "order.placed")
public record OrderPlaced(String orderId, String customer, long totalCents, List<String> skus) {
}
