package dev.streambus.samples.orders;

import dev.streambus.event.StreamerEvent;

/** Java publishes it; Laravel apps can listen to {@code order.placed}. */
@StreamerEvent(name = "order.placed")
public record OrderPlaced(String orderId, String customer, long totalCents) {
}
