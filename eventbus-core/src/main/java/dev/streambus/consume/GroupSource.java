package dev.streambus.consume;

import dev.streambus.consume.ConsumerState.Problem;
import dev.streambus.consume.ConsumerState.Step;
import dev.streambus.redis.AutoClaim;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.IdleConsumers;
import dev.streambus.redis.RedisErrors;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StoredText;
import dev.streambus.redis.StreamEntry;
import dev.streambus.redis.XreadgroupReply;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamMultiReadGroupArgs;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads as one consumer of a group, in this order of priority:
 * <ol>
 *   <li>after {@link #open()} (and once more after each {@link #redoPending()}): this consumer's own pending entries,
 *       paged once by id (never re-read from 0 in a loop, which would reset their idle time and hide them from the
 *       reaper);</li>
 *   <li>every {@code reclaimInterval}: entries idle longer than {@code reclaimIdle} in anyone's pending list,
 *       claimed with XAUTOCLAIM page by page, carrying the cursor until it returns to {@code 0-0}; at the end of each
 *       such round, the group's dead consumers (idle over {@code deadConsumerIdle}, nothing pending) are removed
 *       ({@link IdleConsumers});</li>
 *   <li>otherwise: new entries ({@code >}) of all streams in one blocking XREADGROUP (see {@link #next(int)}).</li>
 * </ol>
 * Pending and claimed entries carry their delivery count from XPENDING.
 *
 * <p>Permanent Redis errors ({@link RedisErrors#isPermanent}) are contained where they happen and reported through
 * {@link #problems()} ({@link Problems}: ERROR once, retried with capped back-off, INFO on recovery): a stream that
 * cannot be read (wrong type, no permission on its key) is skipped while the others are read one by one then
 * together again; a reclaim or consumer removal that fails (e.g. no permission to run scripts) is skipped without
 * holding up the reads. Other errors (connection, timeout, {@code NOGROUP}) are thrown to the caller, which backs
 * off and, after {@code NOGROUP}, calls {@link #open()} again: missing groups are then recreated by the rule of
 * {@code GroupCreation} (after the last entry acknowledged while the stream keeps its history).
 *
 * <p>{@link #next(int)} returns at most {@code max} entries in all: XREADGROUP's COUNT applies to each stream, so a
 * read of k streams asks each for {@code max / k} (when {@code max < k}, a rotating subset of {@code max} streams for
 * one entry each). An entry Redis hands out again while the caller still holds it (its own idle entries claimed
 * by XAUTOCLAIM) is the caller's to recognise ({@link ReadAhead} does).
 */
public final class GroupSource implements StreamReader {

    /** XREADGROUP id: entries never delivered to any consumer of the group. */
    private static final String NEW = ">";
    /** XREADGROUP id: this consumer's own pending entries from the first. */
    private static final String FIRST = "0";

    private static final Logger log = LoggerFactory.getLogger(GroupSource.class);

    private final RedisStreams redis;
    private final List<String> streams;
    private final ConsumerConfig config;
    private final Clock clock;

    /** Own pending entries still to page through: stream → the id to read after ({@code 0}: from the first). */
    private final Map<String, String> pendingCursors = new LinkedHashMap<>();
    private final Map<String, String> claimCursors = new LinkedHashMap<>();
    private final XreadgroupReply xreadgroup;
    private final AutoClaim autoClaim;
    private final IdleConsumers idleConsumers;
    private final GroupCreation groups;
    private final GroupAcker acker;
    private final Problems problems;
    private final AtomicBoolean redoRequested = new AtomicBoolean();
    private long nextReclaimAt;
    private int rotation;

    public GroupSource(RedisStreams redis, List<String> streams, ConsumerConfig config, Clock clock) {
        this(redis, streams, config, clock, new GroupCreation(redis, config));
    }

    /** A reader of one reader group of a consumer; {@code groups} is shared by the consumer's readers. */
    GroupSource(RedisStreams redis, List<String> streams, ConsumerConfig config, Clock clock, GroupCreation groups) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams to read: register at least one listener");
        }
        if (!config.grouped()) {
            throw new IllegalArgumentException("GroupSource needs a group");
        }
        this.redis = redis;
        this.streams = List.copyOf(streams);
        this.config = config;
        this.clock = clock;
        this.xreadgroup = XreadgroupReply.of(redis.redisson());
        this.autoClaim = new AutoClaim(redis.redisson());
        this.idleConsumers = new IdleConsumers(redis.redisson());
        this.groups = groups;
        this.acker = new GroupAcker(redis, config.group(), groups);
        this.problems = new Problems("consumer '" + config.consumer() + "' of group '" + config.group() + "'", clock,
                config.maxBackoff());
    }

    /** Creates missing groups (a stream that fails permanently is skipped and reported); rereads own pending. */
    @Override
    public void open() {
        pendingCursors.clear();
        for (String stream : streams) {
            if (readable(stream)) {
                try {
                    groups.ensure(stream);
                    pendingCursors.put(stream, FIRST);
                } catch (RuntimeException e) {
                    failedPermanently(Step.READ, stream, e);
                }
            }
        }
        claimCursors.clear();
        nextReclaimAt = clock.millis() + config.reclaimInterval().toMillis();
    }

    /** The permanent errors in effect (streams skipped, steps failing); see {@link ConsumerState}. */
    @Override
    public List<Problem> problems() {
        return problems.current();
    }

    /** The next {@link #next(int)} pages through this consumer's own pending entries again, from the first. */
    @Override
    public void redoPending() {
        redoRequested.set(true);
    }

    @Override
    public List<Delivery> next(int max) {
        return next(max, true);
    }

    /**
     * As {@link #next(int)}, but new entries are read without BLOCK: returns at once, empty when nothing is there.
     * For a caller reading several sources in one loop (one blocking read when all of them were empty).
     */
    public List<Delivery> poll(int max) {
        return next(max, false);
    }

    private List<Delivery> next(int max, boolean block) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        if (redoRequested.getAndSet(false)) {
            streams.stream().filter(s -> !problems.has(Step.READ, s))
                    .forEach(s -> pendingCursors.put(s, FIRST));
        }
        if (!pendingCursors.isEmpty()) {
            List<Delivery> pending = readOwnPending(max);
            if (!pending.isEmpty()) {
                return pending;
            }
        }
        if (!claimCursors.isEmpty() || clock.millis() >= nextReclaimAt) {
            List<Delivery> claimed = reclaimPage(max);
            if (!claimed.isEmpty()) {
                return claimed;
            }
        }
        return readNew(max, block);
    }

    /**
     * The streams of {@code ids} one read takes, so that it brings at most {@code max} entries: all of them when
     * {@code max} allows one entry each, else {@code max} of them, taking turns.
     */
    private Map<String, String> share(Map<String, String> ids, int max) {
        if (ids.size() <= max) {
            return ids;
        }
        List<String> names = List.copyOf(ids.keySet());
        Map<String, String> some = new LinkedHashMap<>();
        for (int i = 0; i < max; i++) {
            String stream = names.get((rotation + i) % names.size());
            some.put(stream, ids.get(stream));
        }
        rotation = (rotation + max) % names.size();
        return some;
    }

    /** True unless the stream has a read problem whose retry is not due yet. */
    private boolean readable(String stream) {
        return problems.due(Step.READ, stream);
    }

    /** Records a permanent error of a step; anything else is rethrown to the consumer loop. */
    private void failedPermanently(Step step, String stream, RuntimeException e) {
        if (!RedisErrors.isPermanent(e)) {
            throw e;
        }
        problems.failed(step, stream, e);
    }

    private List<Delivery> readOwnPending(int max) {
        Map<String, String> readable = new LinkedHashMap<>();
        pendingCursors.forEach((stream, id) -> {
            if (readable(stream)) {
                readable.put(stream, id);
            }
        });
        Map<String, String> ids = share(readable, max);
        Map<String, List<StreamEntry>> read =
                ids.isEmpty() ? Map.of() : read(ids, max, false);
        List<StreamEntry> entries = new ArrayList<>();
        for (String stream : List.copyOf(pendingCursors.keySet())) {
            if (readable.containsKey(stream) && !ids.containsKey(stream)) {
                continue; // not its turn
            }
            List<StreamEntry> page = read.getOrDefault(stream, List.of());
            if (page.isEmpty()) {
                pendingCursors.remove(stream); // done, or unreadable: reread from the start once it recovers
            } else {
                pendingCursors.put(stream, page.get(page.size() - 1).id());
                entries.addAll(page);
            }
        }
        if (!entries.isEmpty()) {
            log.info("redoing {} entries left pending by consumer '{}'", entries.size(), config.consumer());
        }
        return withDeliveryCounts(entries);
    }

    private List<Delivery> reclaimPage(int max) {
        if (claimCursors.isEmpty()) {
            streams.stream().filter(s -> !problems.has(Step.READ, s) && problems.due(Step.RECLAIM, s))
                    .forEach(s -> claimCursors.put(s, EntryId.ZERO));
            if (claimCursors.isEmpty()) {
                endReclaimRound();
                return List.of();
            }
        }
        String stream = claimCursors.keySet().iterator().next();
        AutoClaim.Page page;
        try {
            page = autoClaim.claim(stream, config.group(), config.consumer(), config.reclaimIdle().toMillis(),
                    claimCursors.get(stream), max);
            problems.succeeded(Step.RECLAIM, stream);
        } catch (RuntimeException e) {
            failedPermanently(Step.RECLAIM, stream, e); // skipped: the new entries are read meanwhile
            page = new AutoClaim.Page(EntryId.ZERO, List.of(), List.of());
        }
        if (page.complete()) {
            claimCursors.remove(stream);
            if (claimCursors.isEmpty()) {
                endReclaimRound();
            }
        } else {
            claimCursors.put(stream, page.nextCursor());
        }
        List<Delivery> deliveries = new ArrayList<>(withDeliveryCounts(page.entries()));
        for (String id : page.deletedIds()) {
            deliveries.add(new Delivery(StreamEntry.deleted(stream, id), 0));
        }
        if (!deliveries.isEmpty()) {
            log.info("reclaimed {} entries of '{}' idle over {} ms ({} already deleted)", deliveries.size(), stream,
                    config.reclaimIdle().toMillis(), page.deletedIds().size());
        }
        return deliveries;
    }

    /** After a reclaim round: removes the group's dead consumers, then schedules the next round. */
    private void endReclaimRound() {
        for (String stream : streams) {
            if (problems.has(Step.READ, stream) || !problems.due(Step.REMOVE_CONSUMERS, stream)) {
                continue;
            }
            try {
                List<String> removed = idleConsumers.remove(stream, config.group(), config.consumer(),
                        config.deadConsumerIdle().toMillis());
                problems.succeeded(Step.REMOVE_CONSUMERS, stream);
                if (!removed.isEmpty()) {
                    log.info("removed {} consumers of group '{}' on '{}' idle over {} with nothing pending: {}",
                            removed.size(), config.group(), stream, config.deadConsumerIdle(), removed);
                }
            } catch (RuntimeException e) {
                failedPermanently(Step.REMOVE_CONSUMERS, stream, e);
            }
        }
        nextReclaimAt = clock.millis() + config.reclaimInterval().toMillis();
    }

    private List<Delivery> readNew(int max, boolean block) {
        Map<String, String> ids = share(newIds(), max);
        if (ids.isEmpty()) {
            if (block) {
                waitForRetry();
            }
            return List.of();
        }
        Map<String, List<StreamEntry>> read = read(ids, max, block);
        List<Delivery> out = new ArrayList<>();
        for (String stream : streams) {
            for (StreamEntry entry : read.getOrDefault(stream, List.of())) {
                out.add(new Delivery(entry, 1));
            }
        }
        return out;
    }

    /** Every stream is skipped: waits as a blocking read would, at most until the next retry is due. */
    private void waitForRetry() {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(config.block().toNanos(), problems.nanosToNextRetry()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code >} of every readable stream. */
    private Map<String, String> newIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        streams.stream().filter(this::readable).forEach(s -> ids.put(s, NEW));
        return ids;
    }

    /** XREADGROUP arguments through Redisson's API (a client that is not Redisson's own): as {@link #readGroup}. */
    private static StreamMultiReadGroupArgs args(Map<String, String> ids, int count) {
        Map<String, StreamMessageId> others = new LinkedHashMap<>();
        ids.forEach((stream, id) -> others.put(stream, NEW.equals(id) ? StreamMessageId.NEVER_DELIVERED
                : FIRST.equals(id) ? StreamMessageId.ALL : EntryId.parse(id)));
        String first = ids.keySet().iterator().next();
        StreamMessageId firstId = others.remove(first);
        return StreamMultiReadGroupArgs.greaterThan(firstId, others).count(count);
    }

    /**
     * One XREADGROUP of all {@code ids}; when it fails with a permanent error, one (non-blocking) XREADGROUP per
     * stream, so that the stream at fault is found and skipped while the others' entries are still returned. A
     * stream read without error loses its read problem, if it had one (and rereads its own pending entries).
     */
    private Map<String, List<StreamEntry>> read(Map<String, String> ids,
                                                                                int max, boolean block) {
        try {
            Map<String, List<StreamEntry>> read = readGroup(ids, max, block);
            ids.keySet().forEach(this::readWorks);
            return read;
        } catch (RuntimeException e) {
            if (ids.size() == 1) {
                failedPermanently(Step.READ, ids.keySet().iterator().next(), e);
                return Map.of();
            }
            if (!RedisErrors.isPermanent(e)) {
                throw e;
            }
            Map<String, List<StreamEntry>> out = new LinkedHashMap<>();
            int each = Math.max(1, max / ids.size());
            ids.forEach((stream, id) -> out.putAll(read(Map.of(stream, id), each, false)));
            return out;
        }
    }

    private void readWorks(String stream) {
        if (problems.has(Step.READ, stream)) {
            problems.succeeded(Step.READ, stream);
            pendingCursors.putIfAbsent(stream, FIRST);
        }
    }

    /** One XREADGROUP, COUNT {@code max / streams} per stream (at least 1), so that the read brings at most max. */
    private Map<String, List<StreamEntry>> readGroup(Map<String, String> ids, int max, boolean block) {
        int count = Math.max(1, max / ids.size());
        if (xreadgroup != null) {
            return xreadgroup.read(config.group(), config.consumer(), ids, count, block ? config.block() : null);
        }
        StreamMultiReadGroupArgs args = args(ids, count);
        if (block) {
            args = args.timeout(config.block());
        }
        Map<String, Map<StreamMessageId, Map<StoredText, StoredText>>> read =
                redis.entryStream(ids.keySet().iterator().next()).readGroup(config.group(), config.consumer(), args);
        Map<String, List<StreamEntry>> out = new LinkedHashMap<>();
        if (read != null) {
            read.forEach((stream, entries) -> out.put(stream, RedisStreams.entries(stream, entries)));
        }
        return out;
    }

    /** Looks up delivery counts of entries this consumer holds (one XPENDING range per stream). */
    private List<Delivery> withDeliveryCounts(List<StreamEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, List<StreamEntry>> byStream = new LinkedHashMap<>();
        entries.forEach(e -> byStream.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(e));
        Map<String, Long> counts = new HashMap<>();
        byStream.forEach((stream, list) -> {
            List<PendingEntry> pending = redis.stream(stream).listPending(StreamPendingRangeArgs
                    .groupName(config.group())
                    .startId(EntryId.parse(list.get(0).id()))
                    .endId(EntryId.parse(list.get(list.size() - 1).id()))
                    .count(Math.max(list.size(), config.batchSize()) * 2)
                    .consumerName(config.consumer()));
            pending.forEach(p -> counts.put(stream + "/" + EntryId.format(p.getId()), p.getDeliveryCount()));
        });
        List<Delivery> out = new ArrayList<>(entries.size());
        entries.forEach(e -> out.add(new Delivery(e, counts.getOrDefault(e.stream() + "/" + e.id(), 1L))));
        return out;
    }

    /** Acknowledges through this reader's group (XACK), updating its recovery point; see {@link GroupAcker}. */
    public Acker acker() {
        return acker;
    }

    /** Acknowledges {@code done} and waits for Redis (its errors thrown as Redisson's). */
    public void acknowledge(List<StreamEntry> done) {
        acker.acknowledgeNow(done);
    }
}
