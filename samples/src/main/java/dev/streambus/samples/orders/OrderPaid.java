package dev.streambus.samples.orders;

import dev.streambus.event.StreamerEvent;

@StreamerEvent(name = "order.paid")
public record OrderPaid(String orderId, long amountCents, String method) {
}
