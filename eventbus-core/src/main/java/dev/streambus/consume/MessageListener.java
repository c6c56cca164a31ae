package dev.streambus.consume;

import dev.streambus.compat.message.ReceivedMessage;

import java.util.Set;

/**
 * Receives messages by event name (the entry's {@code name} field, as Laravel Streamer picks listeners).
 *
 * <p>Delivery is at-least-once: a message is acknowledged only after every listener for its name returned
 * normally, so a listener may see a message again after a failure, a crash or a reclaim. Make effects idempotent
 * (projections do that for you). Throwing anything, including an {@link Error}, marks this delivery failed; the
 * consumer keeps running.
 */
public interface MessageListener {

    /** The event names this listener handles. */
    Set<String> events();

    void onMessage(ReceivedMessage message) throws Exception;

    /** The name stored as {@code receiver} in failure records; PHP stores the listener's class name. */
    default String receiver() {
        return getClass().getName();
    }
}
