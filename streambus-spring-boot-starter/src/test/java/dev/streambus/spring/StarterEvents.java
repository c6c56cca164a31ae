package dev.streambus.spring;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.TypedListener;
import dev.streambus.event.StreamerEvent;
import org.redisson.api.RedissonClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Events and listeners of the starter's tests; streams are deleted before and after each test. */
final class StarterEvents {

    static final String PAID = "streambus.test.spring.order-paid";
    static final String USER = "streambus.test.spring.user-created";

    private StarterEvents() {
    }

    @StreamerEvent(name = PAID)
    record OrderPaid(String orderId, long amountCents) {
    }

    @StreamerEvent(name = USER)
    record UserCreated(String email) {
    }

    static void deleteStreams(RedissonClient redisson) {
        redisson.getKeys().delete(PAID, USER, PAID + ":dead", USER + ":dead");
    }

    /** A {@link TypedListener} bean. */
    static final class Receipts extends TypedListener<OrderPaid> {
        final List<OrderPaid> received = new CopyOnWriteArrayList<>();

        Receipts() {
            super(OrderPaid.class);
        }

        @Override
        protected void handle(OrderPaid event, ReceivedMessage message) {
            received.add(event);
        }
    }

    /** A bean with {@link StreamerListener} methods: typed, typed with the message, and raw. */
    static class Audit {
        final List<OrderPaid> paid = new CopyOnWriteArrayList<>();
        final List<String> paidIds = new CopyOnWriteArrayList<>();
        final List<ReceivedMessage> users = new CopyOnWriteArrayList<>();

        @StreamerListener
        void onPaid(OrderPaid event) {
            paid.add(event);
        }

        @StreamerListener(PAID)
        void onPaidWithMessage(OrderPaid event, ReceivedMessage message) {
            paidIds.add(message.id());
        }

        @StreamerListener(USER)
        void onUser(ReceivedMessage message) {
            users.add(message);
        }
    }

    /** A bad signature: its parameter is not an event type. */
    static class WrongSignature {
        @StreamerListener("x")
        void on(String text) {
        }
    }
}
