package dev.streambus.projection.source;

import dev.streambus.redis.EntryId;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the history of several streams with XRANGE pages ({@code COUNT pageSize}, start exclusive of each
 * stream's checkpoint) and merges them k-way into one sequence ordered by entry id, so events of different streams
 * are applied in the order Redis stored them. Ids are per stream: entries of different streams written in the same
 * millisecond can carry equal ids; those ties go in the order the streams were given (a projection's registration
 * order, the order its live group reads them in), so a rebuild applies them as live did.
 *
 * <p>Streams are read in parallel and ahead: each stream has up to {@code ahead} pages requested before they are
 * needed (the next XRANGE leaves as soon as the previous page's last id is known), and pages are decoded on a small
 * pool of decoding threads (one per stream, at most the machine's cores), so reading, decoding and the caller's
 * merge overlap. Memory: at most {@code ahead} pages per stream.
 *
 * <p>Where a stream ends: with an upper bound ({@code until}, inclusive, e.g. the stream's last id taken before the
 * replay started) the source stops there even while producers keep appending, so a replay of a live stream
 * terminates; without one a stream counts as finished when a page comes back shorter than {@code pageSize} (its end
 * as of that moment). {@link #endPositions()} tells exactly where each stream's replay ended. Not thread-safe: one
 * consuming thread; {@link #close()} stops the decoding threads.
 */
public final class ReplaySource implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final RedisStreams redis;
    private final int pageSize;
    private final int ahead;
    private final EntryDecoder decoder;
    private final ExecutorService decoding;
    private final Map<String, EntryId> ends = new HashMap<>();
    private final PriorityQueue<Cursor> ready = new PriorityQueue<>(
            Comparator.comparing((Cursor c) -> c.head().position()).thenComparingInt(c -> c.rank));
    private final List<Cursor> starving = new ArrayList<>();

    /**
     * Reads each stream to its end as of reaching it.
     *
     * @param after    per stream, in tie-break order (iteration order of the map), the position to start after
     *                 ({@link EntryId#ZERO} for the whole history)
     * @param pageSize XRANGE COUNT
     */
    public ReplaySource(RedisStreams redis, Map<String, EntryId> after, int pageSize, EntryDecoder decoder) {
        this(redis, after, Map.of(), pageSize, decoder);
    }

    /**
     * Reads each stream up to its bound in {@code until} (inclusive; streams without one: to their end as of
     * reaching it).
     *
     * @param after    per stream, in tie-break order (iteration order of the map), the position to start after
     * @param until    per stream, the last id to read (entries after it are left to the live path)
     * @param pageSize XRANGE COUNT
     */
    public ReplaySource(RedisStreams redis, Map<String, EntryId> after, Map<String, EntryId> until, int pageSize,
                        EntryDecoder decoder) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
        }
        this.redis = redis;
        this.pageSize = pageSize;
        this.decoder = decoder;
        this.ahead = after.size() <= 16 ? 2 : 1;
        int threads = Math.max(1, Math.min(after.size(), Runtime.getRuntime().availableProcessors()));
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.decoding = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "replay-decode-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        after.forEach((stream, position) -> {
            ends.put(stream, position);
            starving.add(new Cursor(stream, position, until.get(stream), starving.size()));
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
    public Map<String, EntryId> endPositions() {
        return Map.copyOf(ends);
    }

    /** Stops the decoding threads; pages still in flight are dropped. */
    @Override
    public void close() {
        decoding.shutdownNow();
    }

    /** Takes the next decoded page of every stream whose buffer ran dry (pages requested ahead, all in parallel). */
    private void refillStarving() {
        if (starving.isEmpty()) {
            return;
        }
        for (Cursor c : starving) {
            c.topUp();
        }
        for (Cursor c : starving) {
            while (c.buffer.isEmpty() && !c.finished) {
                Page page = join(c.pages.removeFirst());
                c.buffer.addAll(page.envelopes);
                c.finished = page.last;
                if (!c.finished) {
                    c.topUp();
                }
            }
            if (!c.buffer.isEmpty()) {
                ready.add(c);
            }
        }
        starving.clear();
    }

    private static Page join(CompletableFuture<Page> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** One XRANGE reply, not yet decoded: the entries, the id of its last one (where the next page starts after). */
    private record Raw(Map<StreamMessageId, Map<StoredText, StoredText>> entries, EntryId last, boolean end) {
    }

    /** A decoded page; {@code last}: the stream has nothing more to read. */
    private record Page(List<Envelope> envelopes, boolean last) {
    }

    private final class Cursor {
        final String stream;
        final int rank;
        final EntryId until;
        final ArrayDeque<Envelope> buffer = new ArrayDeque<>();
        final ArrayDeque<CompletableFuture<Page>> pages = new ArrayDeque<>();
        /** The most recent XRANGE requested (its reply tells where the next one starts). */
        CompletableFuture<Raw> requested;
        EntryId start;
        boolean finished;

        Cursor(String stream, EntryId after, EntryId until, int rank) {
            this.stream = stream;
            this.start = after;
            this.until = until;
            this.rank = rank;
        }

        Envelope head() {
            return buffer.peekFirst();
        }

        /** Requests pages until {@code ahead} are on their way (each as soon as its predecessor's last id is known). */
        void topUp() {
            while (pages.size() < ahead) {
                CompletableFuture<Raw> raw = requested == null ? fetch(start)
                        : requested.thenCompose(r -> r.end ? CompletableFuture.completedFuture(
                                new Raw(Map.of(), r.last, true)) : fetch(r.last));
                requested = raw;
                pages.addLast(raw.thenApplyAsync(this::decode, decoding));
            }
        }

        private CompletableFuture<Raw> fetch(EntryId after) {
            if (until != null && !until.isAfter(after)) {
                return CompletableFuture.completedFuture(new Raw(Map.of(), after, true));
            }
            StreamMessageId to = until == null ? StreamMessageId.MAX : until.toMessageId();
            return redis.entryStream(stream).rangeAsync(pageSize, after.next(), to).toCompletableFuture()
                    .thenApply(read -> {
                        EntryId last = after;
                        if (read != null) {
                            for (StreamMessageId id : read.keySet()) {
                                last = new EntryId(id.getId0(), id.getId1());
                            }
                        }
                        int size = read == null ? 0 : read.size();
                        boolean end = size < pageSize || until != null && !until.isAfter(last);
                        return new Raw(read == null ? Map.of() : read, last, end);
                    });
        }

        private Page decode(Raw raw) {
            List<StreamEntry> entries = RedisStreams.entries(stream, raw.entries);
            List<Envelope> out = new ArrayList<>(entries.size());
            for (StreamEntry entry : entries) {
                out.add(decoder.decode(entry));
            }
            return new Page(out, raw.end);
        }
    }
}
