package dev.streambus.samples.spring;

import dev.streambus.spring.StreamerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Sends a receipt for every payment, whoever published it (this service or a Laravel app). */
// README:springListener
@Component
public class Receipts {
    private static final Logger log = LoggerFactory.getLogger(Receipts.class);
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @StreamerListener                                     // consumed by streambus.consumer.group, ack after return
    void send(PaymentReceived payment) {
        log.info("receipt for {} ({} cents)", payment.orderId(), payment.amountCents());
        sent.add(payment.orderId());
    }

    public List<String> sent() { return List.copyOf(sent); }
}
// README:end
