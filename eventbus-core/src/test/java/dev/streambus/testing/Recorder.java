package dev.streambus.testing;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.MessageListener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A listener that records every message it handled (by stream and entry id, with counts and order). Entries of
 * different streams can share an id (same millisecond, each stream has its own sequence), so an entry is its stream
 * and its id.
 */
public class Recorder implements MessageListener {

    private final Set<String> events;
    private final String receiver;
    private record Entry(String stream, String id) {
    }

    private final Map<Entry, AtomicInteger> counts = new ConcurrentHashMap<>();
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
        counts.computeIfAbsent(new Entry(message.stream(), message.id()), e -> new AtomicInteger()).incrementAndGet();
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

    /** The ids of the entries handled (of all streams). */
    public Set<String> ids() {
        return counts.keySet().stream().map(Entry::id).collect(Collectors.toSet());
    }

    public List<ReceivedMessage> handled() {
        return handled;
    }

    /** Entries handled more than once, as {@code "<stream> <id>"}. */
    public List<String> duplicates() {
        return counts.entrySet().stream().filter(e -> e.getValue().get() > 1)
                .map(e -> e.getKey().stream() + " " + e.getKey().id()).toList();
    }
}
