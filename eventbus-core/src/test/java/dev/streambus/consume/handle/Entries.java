package dev.streambus.consume.handle;

import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.MessageListener;
import dev.streambus.redis.StreamEntry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Deliveries and handlers for the handler-step unit tests (no Redis: the steps only decide outcomes). */
final class Entries {

    static final String STREAM = "orders.placed";

    private Entries() {
    }

    static Delivery delivery(String data, long deliveries) {
        return new Delivery(new StreamEntry(STREAM, "1-0", Map.of("name", STREAM, "data", data)), deliveries);
    }

    static Handling handling(String data, long deliveries) {
        return Handling.of(delivery(data, deliveries));
    }

    static Handling decoded(long deliveries, List<MessageListener> listeners) {
        Delivery d = delivery("{\"n\":1}", deliveries);
        return Handling.of(d).decoded(MessageDecoder.decode(STREAM, "1-0", d.entry().fields()), listeners);
    }

    /** A handler that answers {@code outcome} and counts its calls. */
    static final class Fixed implements EntryHandler {
        final AtomicInteger calls = new AtomicInteger();
        private final Outcome outcome;

        Fixed(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public Outcome handle(Handling entry) {
            calls.incrementAndGet();
            return outcome;
        }
    }

    static Outcome.Retry failed(String receiver, String error) {
        return Outcome.retry(List.of(new ListenerFailure(receiver, new IllegalStateException(error))));
    }
}
