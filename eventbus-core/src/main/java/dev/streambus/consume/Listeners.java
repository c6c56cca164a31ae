package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;

import java.util.Set;

/** Listeners from lambdas, for use without subclassing or Guice. */
public final class Listeners {

    private Listeners() {
    }

    /** Handles a typed event. */
    @FunctionalInterface
    public interface EventHandler<T> {
        void handle(T event, ReceivedMessage message) throws Exception;
    }

    /** Handles a raw message. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(ReceivedMessage message) throws Exception;
    }

    /** A typed listener ({@link TypedListener}: mapped before any listener runs); {@code receiver} names it. */
    public static <T> MessageListener on(Class<T> type, String receiver, EventHandler<T> handler) {
        return new TypedListener<>(type) {
            @Override
            protected void handle(T event, ReceivedMessage message) throws Exception {
                handler.handle(event, message);
            }

            @Override
            public String receiver() {
                return receiver;
            }
        };
    }

    /** A raw listener for the given event names; {@code receiver} names it in failure records. */
    public static MessageListener onMessage(Set<String> events, String receiver, MessageHandler handler) {
        return new Lambda(Set.copyOf(events), receiver, handler);
    }

    private record Lambda(Set<String> events, String receiver, MessageHandler handler) implements MessageListener {
        @Override
        public void onMessage(ReceivedMessage message) throws Exception {
            handler.handle(message);
        }
    }
}
