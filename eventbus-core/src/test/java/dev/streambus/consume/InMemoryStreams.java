package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * In-memory fake of streams read by one consumer of one group: entries appended per stream, a group cursor per
 * stream, a pending list with delivery counts and the time of the last delivery. {@link #reader} and {@link #acker}
 * are fakes of the {@link StreamReader} and {@link Acker} ports, held to the same {@link PipelineContract} as the
 * Redis ones; with a {@code reclaimIdle} the reader also redelivers entries pending that long, as the group source's
 * XAUTOCLAIM step does.
 */
final class InMemoryStreams {

    private record Key(String stream, String id) {
    }

    private final Map<String, List<StreamEntry>> entries = new HashMap<>();
    private final Map<String, Integer> delivered = new HashMap<>();
    private final Map<Key, Pending> pending = new LinkedHashMap<>();

    /** A pending entry: how often it was delivered, and when last. */
    private static final class Pending {
        long deliveries = 1;
        long deliveredAt = System.nanoTime();
    }
    private long clock = 1;

    /** Appends an entry; returns its id. */
    synchronized String append(String stream, Map<String, String> fields) {
        String id = (clock++) + "-0";
        entries.computeIfAbsent(stream, s -> new ArrayList<>()).add(new StreamEntry(stream, id, Map.copyOf(fields)));
        notifyAll();
        return id;
    }

    synchronized int pending() {
        return pending.size();
    }

    synchronized boolean isPending(String stream, String id) {
        return pending.containsKey(new Key(stream, id));
    }

    /** A reader of {@code streams} as one consumer; an empty read waits up to {@code blockMillis}. */
    StreamReader reader(List<String> streams, long blockMillis) {
        return reader(streams, blockMillis, Long.MAX_VALUE);
    }

    /** As {@link #reader(List, long)}, and redelivers entries pending for {@code reclaimIdleMillis} first. */
    StreamReader reader(List<String> streams, long blockMillis, long reclaimIdleMillis) {
        return new StreamReader() {
            private boolean ownPendingFirst;

            @Override
            public void open() {
                synchronized (InMemoryStreams.this) {
                    ownPendingFirst = true;
                }
            }

            @Override
            public List<Delivery> next(int max) {
                synchronized (InMemoryStreams.this) {
                    List<Delivery> idle = redeliver(streams, max, reclaimIdleMillis);
                    if (!idle.isEmpty()) {
                        return idle;
                    }
                    if (ownPendingFirst) {
                        List<Delivery> again = redeliver(streams, max, 0);
                        if (!again.isEmpty()) {
                            return again;
                        }
                        ownPendingFirst = false;
                    }
                    List<Delivery> read = readNew(streams, max);
                    if (read.isEmpty()) {
                        try {
                            InMemoryStreams.this.wait(blockMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        read = readNew(streams, max);
                    }
                    return read;
                }
            }
        };
    }

    /** Acknowledges: the entries leave the pending list. */
    Acker acker() {
        return settled -> {
            synchronized (this) {
                settled.forEach(e -> pending.remove(new Key(e.stream(), e.id())));
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    /** Delivers again the pending entries of {@code streams} not delivered for {@code idleMillis}. */
    private List<Delivery> redeliver(List<String> streams, int max, long idleMillis) {
        List<Delivery> out = new ArrayList<>();
        long now = System.nanoTime();
        for (Map.Entry<Key, Pending> p : pending.entrySet()) {
            if (out.size() == max) {
                break;
            }
            Pending entry = p.getValue();
            if (streams.contains(p.getKey().stream())
                    && (now - entry.deliveredAt) / 1_000_000 >= idleMillis) {
                entry.deliveries++;
                entry.deliveredAt = now;
                out.add(new Delivery(find(p.getKey()), entry.deliveries));
            }
        }
        return out;
    }

    private List<Delivery> readNew(List<String> streams, int max) {
        List<Delivery> out = new ArrayList<>();
        int each = Math.max(1, max / streams.size());
        for (String stream : streams) {
            List<StreamEntry> all = entries.getOrDefault(stream, List.of());
            int from = delivered.getOrDefault(stream, 0);
            int to = Math.min(all.size(), from + Math.min(each, max - out.size()));
            for (StreamEntry e : all.subList(from, to)) {
                pending.put(new Key(stream, e.id()), new Pending());
                out.add(new Delivery(e, 1));
            }
            delivered.put(stream, to);
            if (out.size() == max) {
                break;
            }
        }
        return out;
    }

    private StreamEntry find(Key key) {
        return entries.get(key.stream()).stream().filter(e -> e.id().equals(key.id())).findFirst().orElseThrow();
    }
}
