package dev.streambus.samples.orders;

import dev.streambus.event.StreamerEvent;

@StreamerEvent(name = "order.shipped")
public record OrderShipped(String orderId, String carrier) {
}
