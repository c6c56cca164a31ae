package dev.streambus.samples.spring;

import dev.streambus.event.StreamerEvent;

/** A payment for an order: the stream {@code payment.received}, as a Laravel app would name it. */
// README:springEvent
@StreamerEvent(name = "payment.received")
public record PaymentReceived(String orderId, long amountCents) { }
// README:end
