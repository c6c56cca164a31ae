package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;

/** Calls one listener with one message; {@link Middleware}s wrap it. */
@FunctionalInterface
public interface ListenerInvoker {
    void invoke(MessageListener listener, ReceivedMessage message) throws Exception;

    ListenerInvoker DIRECT = MessageListener::onMessage;
}
