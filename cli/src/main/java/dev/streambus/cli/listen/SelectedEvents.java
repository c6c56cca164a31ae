package dev.streambus.cli.listen;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.MessageListener;

import java.util.HashSet;
import java.util.Set;

/** A listener narrowed to the events being listened to, so the consumer reads only those streams. */
record SelectedEvents(MessageListener delegate, Set<String> events) implements MessageListener {

    /** The listener narrowed to {@code selected}, or null when it handles none of them. */
    static MessageListener narrow(MessageListener listener, Set<String> selected) {
        Set<String> events = new HashSet<>(listener.events());
        events.retainAll(selected);
        if (events.isEmpty()) {
            return null;
        }
        return events.equals(listener.events()) ? listener : new SelectedEvents(listener, Set.copyOf(events));
    }

    @Override
    public void onMessage(ReceivedMessage message) throws Exception {
        delegate.onMessage(message);
    }

    @Override
    public String receiver() {
        return delegate.receiver();
    }
}
