package dev.streambus.samples.spring;

import dev.streambus.publish.Publisher;
import org.springframework.stereotype.Service;

/** Takes payments and publishes them through the injected {@link Publisher}. */
// README:springPublisher
@Service
public class Checkout {
    private final Publisher publisher;

    public Checkout(Publisher publisher) { this.publisher = publisher; }

    public String pay(String orderId, long amountCents) {
        return publisher.publish(new PaymentReceived(orderId, amountCents));   // XADD payment.received
    }
}
// README:end
