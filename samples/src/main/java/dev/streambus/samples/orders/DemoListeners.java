package dev.streambus.samples.orders;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.MessageListener;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The demo's listeners: one per consumer, counting what it handled; one of them "crashes" on a few entries. */
final class DemoListeners {

    static final Set<String> EVENTS = Set.of("order.placed", "order.paid", "order.shipped", "user.created");

    private DemoListeners() {
    }

    /**
     * Handles every demo event, typed by name, and reports each to {@code log}. It "crashes" (throws) on the first
     * delivery of the first {@code crashes} entries it receives, which leaves them pending for the reaper.
     */
    static final class Counting implements MessageListener {
        private final String who;
        private final Consumer<String> log;
        private final AtomicInteger crashesLeft;
        private final Set<String> crashed = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> handledByEvent = new ConcurrentHashMap<>();
        final AtomicInteger handled = new AtomicInteger();

        Counting(String who, Consumer<String> log, int crashes) {
            this.who = who;
            this.log = log;
            this.crashesLeft = new AtomicInteger(crashes);
        }

        @Override
        public Set<String> events() {
            return EVENTS;
        }

        @Override
        public String receiver() {
            return "Demo\\" + who;
        }

        @Override
        public void onMessage(ReceivedMessage message) {
            String subject = describe(message);
            if (!crashed.contains(message.id()) && crashesLeft.getAndDecrement() > 0) {
                crashed.add(message.id());
                log.accept(String.format("  %-14s CRASHED on %-13s %s (left pending for the reaper)", who,
                        message.name(), subject));
                throw new IllegalStateException("simulated crash while handling " + subject);
            }
            handled.incrementAndGet();
            handledByEvent.computeIfAbsent(message.name(), n -> new AtomicInteger()).incrementAndGet();
            log.accept(String.format("  %-14s handled %-13s %s", who, message.name(), subject));
        }

        /** The console demo's lever: crash on the next {@code n} entries this consumer receives. */
        void crashNext(int n) {
            crashesLeft.set(n);
        }

        private static String describe(ReceivedMessage message) {
            return switch (message.name()) {
                case "order.placed" -> message.dataAs(OrderPlaced.class).orderId();
                case "order.paid" -> message.dataAs(OrderPaid.class).orderId();
                case "order.shipped" -> message.dataAs(OrderShipped.class).orderId();
                case "user.created" -> {
                    UserCreated user = message.dataAs(UserCreated.class);
                    yield "user " + user.id() + " " + user.name() + " (" + user.address().city() + ")";
                }
                default -> message.id();
            };
        }
    }
}
