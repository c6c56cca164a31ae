package dev.streambus.archive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link ArchiveStorage} in memory, for tests and throw-away use: lost when the process ends. */
public final class InMemoryArchiveStorage implements ArchiveStorage {

    private final Map<List<String>, ArchivedMessage> messages = new LinkedHashMap<>();

    @Override
    public synchronized void create(ArchivedMessage message) {
        if (messages.putIfAbsent(List.of(message.stream(), message.id()), message) != null) {
            throw new ArchiveException("entry " + message.id() + " of '" + message.stream() + "' is already archived");
        }
    }

    @Override
    public synchronized Optional<ArchivedMessage> find(String stream, String id) {
        return Optional.ofNullable(messages.get(List.of(stream, id)));
    }

    @Override
    public synchronized List<ArchivedMessage> findMany(String stream) {
        return messages.values().stream().filter(m -> m.stream().equals(stream)).toList();
    }

    @Override
    public synchronized List<ArchivedMessage> all() {
        return new ArrayList<>(messages.values());
    }

    @Override
    public synchronized boolean delete(String stream, String id) {
        return messages.remove(List.of(stream, id)) != null;
    }
}
