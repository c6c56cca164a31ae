package dev.streambus.console;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.deadletter.DeadLetterStore;
import dev.streambus.deadletter.StoredDeadLetter;
import dev.streambus.failed.FailedMessages;
import dev.streambus.failed.StoredFailure;
import dev.streambus.ops.BusInspector;
import dev.streambus.ops.ConsumerStatus;
import dev.streambus.ops.GroupStatus;
import dev.streambus.ops.PendingEntries;
import dev.streambus.ops.PendingEntry;
import dev.streambus.ops.StreamStatus;
import dev.streambus.ops.StreamTrimmer;
import dev.streambus.projection.progress.Progress;
import dev.streambus.redis.EntryId;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.Retention;
import dev.streambus.redis.RedisStreams;
import io.javalin.http.Context;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The read-only JSON views. Every list is paged; one overview refresh costs three round trips (a bounded SCAN
 * script, the status batch of the page's streams, a batch of first entries and memory usage), whatever the number
 * of streams.
 */
final class Views {

    static final int MAX_PAGE = 500;

    private final RedissonClient redisson;
    private final ConsoleConfig config;
    private final PublisherConfig publisherConfig;
    private final BusInspector inspector;
    private final RedisStreams streams;
    private final DeadLetterStore deadLetters;
    private final FailedMessages failed;
    private final List<ConsoleProjection> projections;

    Views(RedissonClient redisson, ConsoleConfig config, PublisherConfig publisherConfig,
          List<ConsoleProjection> projections) {
        this.redisson = redisson;
        this.config = config;
        this.publisherConfig = publisherConfig;
        this.inspector = new BusInspector(redisson, config.deadLetterSuffix());
        this.streams = new RedisStreams(redisson);
        this.deadLetters = new DeadLetterStore(redisson, config.deadLetterSuffix());
        this.failed = new FailedMessages(redisson, config.failedSetKey());
        this.projections = projections;
    }

    /** GET /api/streams?cursor=0: one page of streams with their groups. */
    Map<String, Object> streams(Context ctx) {
        String cursor = ctx.queryParam("cursor") == null ? "0" : ctx.queryParam("cursor");
        BusInspector.StreamPage page;
        try {
            page = inspector.streamPage(config.streamMatch(), cursor, config.pageSize());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'cursor': " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("streams", describe(page.streams()));
        out.put("nextCursor", page.complete() ? null : page.nextCursor());
        return out;
    }

    /** GET /api/stream?stream=: one stream with its groups and consumers. */
    Map<String, Object> stream(Context ctx) {
        String stream = existingStream(Params.required(ctx, "stream"));
        return describe(List.of(stream)).get(0);
    }

    /** GET /api/entries?stream=&dir=forward|reverse&after=&count=: XRANGE / XREVRANGE, one page. */
    Map<String, Object> entries(Context ctx) {
        String stream = Params.required(ctx, "stream");
        boolean reverse = "reverse".equals(ctx.queryParam("dir"));
        if (ctx.queryParam("dir") != null && !reverse && !"forward".equals(ctx.queryParam("dir"))) {
            throw ApiError.badRequest("'dir' must be forward or reverse, got '" + ctx.queryParam("dir") + "'");
        }
        String after = Params.entryId("after", ctx.queryParam("after"));
        int count = Params.count(ctx, "count", 20, MAX_PAGE);
        Map<StreamMessageId, Map<String, String>> read;
        if (reverse) {
            StreamMessageId before = after == null ? StreamMessageId.MAX : predecessor(EntryId.parse(after));
            read = before == null ? Map.of() : streams.stream(stream).rangeReversed(count, before, StreamMessageId.MIN);
        } else {
            read = streams.stream(stream).range(count, after == null ? StreamMessageId.MIN
                    : EntryId.successor(EntryId.parse(after)), StreamMessageId.MAX);
        }
        if (read.isEmpty()) {
            existingStream(stream);
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        read.forEach((id, fields) -> entries.add(entry(EntryId.format(id), fields)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream", stream);
        out.put("entries", entries);
        out.put("next", entries.size() < count ? null : entries.get(entries.size() - 1).get("id"));
        return out;
    }

    /** GET /api/pending?stream=&group=&consumer=&after=&count=: one page of the pending entries list. */
    Map<String, Object> pending(Context ctx) {
        String stream = Params.required(ctx, "stream");
        String group = Params.required(ctx, "group");
        String after = Params.entryId("after", ctx.queryParam("after"));
        int count = Params.count(ctx, "count", 50, PendingEntries.MAX_PAGE);
        List<PendingEntry> page = Errors.onGroup(stream, group, () -> new PendingEntries(streams)
                .page(stream, group, Params.optional(ctx, "consumer"), after, count));
        List<Map<String, Object>> rows = new ArrayList<>();
        page.forEach(p -> rows.add(map("id", p.id(), "consumer", p.consumer(), "idleMs", p.idleMillis(),
                "deliveries", p.deliveries())));
        return map("stream", stream, "group", group, "pending", rows,
                "next", rows.size() < count ? null : page.get(page.size() - 1).id());
    }

    /** GET /api/deadletters?stream=&after=&count=. */
    Map<String, Object> deadLetters(Context ctx) {
        String stream = Params.required(ctx, "stream");
        String after = Params.entryId("after", ctx.queryParam("after"));
        int count = Params.count(ctx, "count", 20, MAX_PAGE);
        List<StoredDeadLetter> page = deadLetters.list(stream, after, count);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredDeadLetter d : page) {
            rows.add(map("id", d.id(), "originalId", d.originalId(), "group", d.group(), "consumer", d.consumer(),
                    "deliveries", d.deliveries(), "reason", d.reason(), "at", d.at() == null ? null : d.at().toString(),
                    "fields", pairs(d.fields())));
        }
        return map("stream", stream, "deadLetterStream", deadLetters.deadLetterStream(stream), "deadLetters", rows,
                "next", rows.size() < count ? null : page.get(page.size() - 1).id());
    }

    /** GET /api/failed?offset=&count=: Laravel's failed_stream records, oldest first. */
    Map<String, Object> failed(Context ctx) {
        int offset = Params.offset(ctx, "offset");
        int count = Params.count(ctx, "count", 50, MAX_PAGE);
        List<StoredFailure> all = failed.list();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredFailure s : all.subList(Math.min(offset, all.size()), Math.min(offset + count, all.size()))) {
            FailedMessage f = s.failure();
            rows.add(map("id", f.id(), "stream", f.stream(), "receiver", f.receiver(), "error", f.error(),
                    "date", f.date() == null ? null : f.date().toString()));
        }
        return map("total", all.size(), "offset", offset, "failed", rows);
    }

    /** GET /api/trim-preview?stream=&strategy=MAXLEN|MINID&threshold=. */
    Map<String, Object> trimPreview(Context ctx) {
        String stream = existingStream(Params.required(ctx, "stream"));
        StreamTrimmer.Preview p = Errors.input(() -> new StreamTrimmer(redisson).preview(stream,
                strategy(Params.required(ctx, "strategy")), Params.required(ctx, "threshold")));
        return map("stream", stream, "length", p.length(), "entries", p.entries(), "entriesCapped", p.entriesCapped(),
                "pendingKnown", p.pendingKnown(), "pendingGroups", p.pendingGroups());
    }

    /** GET /api/projections: checkpoints, the live group's lag and pending, a rebuild's progress. */
    Map<String, Object> projections() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        projections.forEach(p -> names.addAll(p.runner().projection().eventNames()));
        Map<String, StreamStatus> statuses = new LinkedHashMap<>();
        if (!names.isEmpty()) {
            inspector.status(List.copyOf(names)).forEach(s -> statuses.put(s.stream(), s));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConsoleProjection p : projections) {
            Map<String, EntryId> checkpoints = p.checkpointsOrNull();
            List<Map<String, Object>> perStream = new ArrayList<>();
            for (String stream : p.runner().projection().eventNames()) {
                StreamStatus s = statuses.get(stream);
                GroupStatus g = s == null ? null : s.group(p.runner().group()).orElse(null);
                EntryId at = checkpoints == null ? null : checkpoints.get(stream);
                perStream.add(map("stream", stream, "lastId", s == null || !s.exists() ? null : s.lastId(),
                        "checkpoint", checkpoints == null ? "busy" : at == null ? null : at.toString(),
                        "lag", g == null ? null : optional(g.lag()), "pending", g == null ? null : g.pending()));
            }
            Progress progress = p.progress();
            rows.add(map("name", p.name(), "group", p.runner().group(), "running", p.runner().isRunning(),
                    "state", p.runner().state().toString(), "rebuild", p.state().name().toLowerCase(Locale.ROOT),
                    "message", p.message(), "progress", progress == null ? null : map("phase", progress.phase(),
                            "done", progress.done(), "total", progress.total(), "percent", progress.percent(),
                            "text", progress.describe()),
                    "streams", perStream));
        }
        return map("projections", rows);
    }

    /** 404 when the key does not exist, 400 when it is not a stream; returns the name. */
    String existingStream(String stream) {
        RType type = redisson.getKeys().getType(stream);
        if (type == null) {
            throw ApiError.notFound("stream '" + stream + "' does not exist");
        }
        if (type != RType.STREAM) {
            throw ApiError.badRequest("key '" + stream + "' is a " + type.name().toLowerCase(Locale.ROOT)
                    + ", not a stream");
        }
        return stream;
    }

    static StreamTrimmer.Strategy strategy(String value) {
        try {
            return StreamTrimmer.Strategy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'strategy' must be MAXLEN or MINID, got '" + value + "'");
        }
    }

    private List<Map<String, Object>> describe(List<String> names) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (names.isEmpty()) {
            return out;
        }
        List<StreamStatus> statuses = inspector.status(names);
        RBatch batch = redisson.createBatch(BatchOptions.defaults());
        for (String name : names) {
            batch.getStream(name, StringCodec.INSTANCE).rangeAsync(1, StreamMessageId.MIN, StreamMessageId.MAX);
            batch.getStream(name, StringCodec.INSTANCE).sizeInMemoryAsync();
        }
        BatchResult<?> extras = batch.execute();
        for (int i = 0; i < statuses.size(); i++) {
            StreamStatus s = statuses.get(i);
            Map<?, ?> first = (Map<?, ?>) extras.getResponses().get(2 * i);
            Object memory = extras.getResponses().get(2 * i + 1);
            List<Map<String, Object>> groups = new ArrayList<>();
            for (GroupStatus g : s.groups()) {
                List<Map<String, Object>> consumers = new ArrayList<>();
                for (ConsumerStatus c : g.consumers()) {
                    consumers.add(map("name", c.name(), "pending", c.pending(), "idleMs", c.idleMillis(),
                            "inactiveMs", optional(c.inactiveMillis())));
                }
                groups.add(map("name", g.name(), "lastDeliveredId", g.lastDeliveredId(),
                        "entriesRead", optional(g.entriesRead()), "lag", optional(g.lag()), "pending", g.pending(),
                        "consumerCount", g.consumerCount(), "consumers", consumers));
            }
            Retention retention = publisherConfig.retentionFor(s.stream());
            out.add(map("stream", s.stream(), "exists", s.exists(), "length", s.length(),
                    "firstId", first == null || first.isEmpty() ? null
                            : EntryId.format((StreamMessageId) first.keySet().iterator().next()),
                    "lastId", s.lastId(), "memoryBytes", memory, "retention", retention.keepsAll() ? "keep all"
                            : retention.toString(), "deadLetters", s.deadLetters(), "groups", groups));
        }
        return out;
    }

    private static Map<String, Object> entry(String id, Map<String, String> fields) {
        return map("id", id, "fields", pairs(fields == null ? Map.of() : fields));
    }

    /** Fields as [name, value] pairs: order kept, as Laravel wrote them. */
    private static List<List<String>> pairs(Map<String, String> fields) {
        List<List<String>> out = new ArrayList<>(fields.size());
        fields.forEach((k, v) -> out.add(List.of(k, v == null ? "" : v)));
        return out;
    }

    /** The id right before {@code id}, or null when there is none. */
    private static StreamMessageId predecessor(StreamMessageId id) {
        if (id.getId1() != 0) {
            return new StreamMessageId(id.getId0(), id.getId1() - 1);
        }
        return id.getId0() == 0 ? null : new StreamMessageId(id.getId0() - 1, Long.MAX_VALUE);
    }

    /** An unknown number is null (shown as "unknown"), never 0. */
    static Long optional(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
