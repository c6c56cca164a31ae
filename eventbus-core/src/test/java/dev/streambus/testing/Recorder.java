package dev.streambus.testing;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.MessageListener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records every message it handled (by entry id, with counts and order). */
public class Recorder implements MessageListener {

    private final Set<String> events;
    private final String receiver;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<ReceivedMessage> handled = new CopyOnWriteArrayList<>();

    public Recorder(String receiver, String... events) {
        this.events = Set.of(events);
        this.receiver = receiver;
    }

    @Override
    public Set<String> events() {
        return events;
    }

    @Override
    public String receiver() {
        return receiver;
    }

    @Override
    public void onMessage(ReceivedMessage message) throws Exception {
        beforeRecording(message);
        counts.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet();
        handled.add(message);
    }

    /** A listener that fails every delivery with {@code IllegalStateException(error)}, recording nothing. */
    public static Recorder alwaysFailing(String receiver, String error, String... events) {
        return new Recorder(receiver, events) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                throw new IllegalStateException(error);
            }
        };
    }

    /** Hook for slow or failing listeners; throwing here records nothing. */
    protected void beforeRecording(ReceivedMessage message) throws Exception {
    }

    public int distinct() {
        return counts.size();
    }

    public int total() {
        return handled.size();
    }

    public Set<String> ids() {
        return counts.keySet();
    }

    public List<ReceivedMessage> handled() {
        return handled;
    }

    /** Entry ids handled more than once. */
    public List<String> duplicates() {
        return counts.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey).toList();
    }
}
