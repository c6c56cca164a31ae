package dev.streambus.projection.source;

import dev.streambus.projection.store.Position;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StoredText;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.stream.StreamMessageId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the history of several streams with XRANGE pages ({@code COUNT pageSize}, start exclusive of each
 * stream's checkpoint) and merges them k-way into one sequence ordered by entry id, so events of different streams
 * are applied in the order Redis stored them. Ids are per stream: entries of different streams written in the same
 * millisecond can carry equal ids; those ties go in the order the streams were given (a projection's registration
 * order, the order its live group reads them in), so a rebuild applies them as live did.
 *
 * <p>A stream counts as finished when a page comes back shorter than {@code pageSize}: the source reads each
 * stream up to its end as of that moment; the streams' pages are read in parallel, and {@link #endPositions()} tells exactly where that was. Memory: at
 * most one page per stream. Not thread-safe: one reading thread.
 */
public final class ReplaySource {

    private final RedisStreams redis;
    private final int pageSize;
    private final EntryDecoder decoder;
    private final Map<String, Position> ends = new HashMap<>();
    private final PriorityQueue<Cursor> ready = new PriorityQueue<>(
            Comparator.comparing((Cursor c) -> c.head().position()).thenComparingInt(c -> c.rank));
    private final List<Cursor> starving = new ArrayList<>();

    /**
     * @param after    per stream, in tie-break order (iteration order of the map), the position to start after
     *                 ({@link Position#ZERO} for the whole history)
     * @param pageSize XRANGE COUNT
     */
    public ReplaySource(RedisStreams redis, Map<String, Position> after, int pageSize, EntryDecoder decoder) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
        }
        this.redis = redis;
        this.pageSize = pageSize;
        this.decoder = decoder;
        after.forEach((stream, position) -> {
            ends.put(stream, position);
            starving.add(new Cursor(stream, position, starving.size()));
        });
    }

    /** Up to {@code max} entries in id order; an empty list once every stream has been read to its end. */
    public List<Envelope> nextBatch(int max) {
        List<Envelope> out = new ArrayList<>(Math.min(max, pageSize));
        while (out.size() < max) {
            refillStarving();
            Cursor c = ready.poll();
            if (c == null) {
                break;
            }
            Envelope next = c.buffer.removeFirst();
            ends.put(c.stream, next.position());
            out.add(next);
            if (c.buffer.isEmpty()) {
                if (!c.finished) {
                    starving.add(c);
                }
            } else {
                ready.add(c);
            }
        }
        return out;
    }

    /** Per stream, the id of the last entry handed out (or the start position when none). */
    public Map<String, Position> endPositions() {
        return Map.copyOf(ends);
    }

    /** Reads the next page of every stream whose buffer ran dry, all at once (one XRANGE each, in parallel). */
    private void refillStarving() {
        if (starving.isEmpty()) {
            return;
        }
        List<CompletableFuture<Map<StreamMessageId, Map<StoredText, StoredText>>>> pages =
                new ArrayList<>(starving.size());
        for (Cursor c : starving) {
            pages.add(redis.entryStream(c.stream).rangeAsync(pageSize, c.after.next(), StreamMessageId.MAX)
                    .toCompletableFuture());
        }
        for (int i = 0; i < starving.size(); i++) {
            Cursor c = starving.get(i);
            List<StreamEntry> entries = RedisStreams.entries(c.stream, pages.get(i).join());
            for (StreamEntry entry : entries) {
                c.buffer.addLast(decoder.decode(entry));
            }
            if (!entries.isEmpty()) {
                c.after = c.buffer.peekLast().position();
            }
            c.finished = entries.size() < pageSize;
            if (!c.buffer.isEmpty()) {
                ready.add(c);
            }
        }
        starving.clear();
    }

    private static final class Cursor {
        final String stream;
        final int rank;
        final ArrayDeque<Envelope> buffer = new ArrayDeque<>();
        Position after;
        boolean finished;

        Cursor(String stream, Position after, int rank) {
            this.stream = stream;
            this.after = after;
            this.rank = rank;
        }

        Envelope head() {
            return buffer.peekFirst();
        }
    }
}
