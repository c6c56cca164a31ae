package dev.streambus.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MessageType;
import dev.streambus.deadletter.DeadLetterStore;
import dev.streambus.deadletter.ReplayResult;
import dev.streambus.failed.FailedMessageRetrier;
import dev.streambus.failed.FailedMessages;
import dev.streambus.failed.FailureFilter;
import dev.streambus.failed.RetryOutcome;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.MessageListener;
import dev.streambus.ops.ConsumerHandover;
import dev.streambus.ops.StreamTrimmer;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.redis.AutoClaim;
import dev.streambus.redis.StreamEntry;
import io.javalin.http.Context;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.streambus.console.Views.map;

/** The state-changing calls (POST, JSON body). Each validates all input before it writes anything. */
final class Actions {

    private static final Logger log = LoggerFactory.getLogger(Actions.class);

    private final RedissonClient redisson;
    private final Views views;
    private final PublisherConfig publisherConfig;
    private final RedisPublisher publisher;
    private final DeadLetterStore deadLetters;
    private final FailedMessages failed;
    private final List<MessageListener> listeners;
    private final List<ConsoleProjection> projections;
    private final List<Lever> levers;
    private final List<EventConsumer> consumers;

    Actions(RedissonClient redisson, ConsoleConfig config, Views views, PublisherConfig publisherConfig,
            List<MessageListener> listeners, List<ConsoleProjection> projections, List<Lever> levers,
            List<EventConsumer> consumers) {
        this.redisson = redisson;
        this.views = views;
        this.publisherConfig = publisherConfig;
        this.publisher = new RedisPublisher(redisson, publisherConfig);
        this.deadLetters = new DeadLetterStore(redisson, config.deadLetterSuffix());
        this.failed = new FailedMessages(redisson, config.failedSetKey());
        this.listeners = listeners;
        this.projections = projections;
        this.levers = levers;
        this.consumers = consumers;
    }

    /** POST /api/publish {event, domain?, type?, data}: one event in Laravel Streamer's format. */
    Map<String, Object> publish(Context ctx) {
        JsonNode body = Params.body(ctx);
        String event = Params.text(body, "event");
        if (event.isBlank() || event.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("field 'event' must be a name without control characters");
        }
        JsonNode data = body.get("data");
        if (data != null && data.isTextual()) {
            try {
                data = PhpJson.decode(data.asText());
            } catch (RuntimeException e) {
                throw ApiError.badRequest("field 'data' is not valid JSON: " + Params.firstLine(e.getMessage()));
            }
        }
        if (data == null || !data.isContainerNode()) {
            throw ApiError.badRequest("field 'data' must be a JSON object or list");
        }
        MessageType type = type(Params.optionalText(body, "type"));
        String domain = Params.optionalText(body, "domain");
        RedisPublisher publisher = domain == null || domain.equals(publisherConfig.domain()) ? this.publisher
                : new RedisPublisher(redisson, PublisherConfig.builder().domain(domain).checkPermissions(false)
                .build());
        String id = publisher.send(publisher.encoder().encode(event, type, data, null)).join();
        log.info("console: published {} as {}", event, id);
        return map("stream", event, "id", id);
    }

    /** POST /api/claim {stream, group, consumer, minIdleMs?, count?, cursor?}: XAUTOCLAIM to the chosen consumer. */
    Map<String, Object> claim(Context ctx) {
        JsonNode body = Params.body(ctx);
        String stream = Params.text(body, "stream");
        String group = Params.text(body, "group");
        String consumer = Params.text(body, "consumer");
        long minIdle = Params.number(body, "minIdleMs", 0, 0, Long.MAX_VALUE / 2);
        int count = (int) Params.number(body, "count", 100, 1, 1_000);
        String cursor = Params.entryId("cursor", Params.optionalText(body, "cursor"));
        views.existingStream(stream);
        AutoClaim.Page page = Errors.onGroup(stream, group, () -> new AutoClaim(redisson).claim(stream, group,
                consumer, minIdle, cursor == null ? "0-0" : cursor, count));
        List<String> claimed = new ArrayList<>();
        page.entries().forEach((StreamEntry e) -> claimed.add(e.id()));
        log.info("console: claimed {} entries of {}/{} to {}", claimed.size(), stream, group, consumer);
        if (!claimed.isEmpty()) {
            redoPending(stream, group, consumer);
        }
        return map("claimed", claimed, "deleted", page.deletedIds(),
                "nextCursor", page.complete() ? null : page.nextCursor());
    }

    /** POST /api/handover {stream, group, from, to}: moves from's pending entries to to, then removes from. */
    Map<String, Object> handOver(Context ctx) {
        JsonNode body = Params.body(ctx);
        String stream = Params.text(body, "stream");
        String group = Params.text(body, "group");
        String from = Params.text(body, "from");
        String to = Params.text(body, "to");
        views.existingStream(stream);
        ConsumerHandover.Result result = Errors.onGroup(stream, group,
                () -> new ConsumerHandover(redisson).handOver(stream, group, from, to));
        log.info("console: handed {} over to {} in {}/{}: {}", from, to, stream, group, result);
        redoPending(stream, group, to);
        return map("moved", result.moved(), "dropped", result.dropped(), "removed", result.removed());
    }

    /**
     * Entries were moved to {@code consumer}: when it runs in this process, it handles them now rather than at its
     * next reclaim round (a running consumer otherwise reads only new entries).
     */
    private void redoPending(String stream, String group, String consumer) {
        consumers.stream().filter(c -> c.config().grouped() && group.equals(c.config().group())
                        && consumer.equals(c.config().consumer()) && c.streams().contains(stream))
                .forEach(c -> {
                    log.info("console: consumer {} of {}/{} redoes its pending entries", consumer, stream, group);
                    c.redoPending();
                });
    }

    /** POST /api/trim {stream, strategy, threshold}: XTRIM ~ after the page showed the preview. */
    Map<String, Object> trim(Context ctx) {
        JsonNode body = Params.body(ctx);
        String stream = views.existingStream(Params.text(body, "stream"));
        StreamTrimmer.Strategy strategy = Views.strategy(Params.text(body, "strategy"));
        String threshold = body.hasNonNull("threshold") ? body.get("threshold").asText() : null;
        long removed = Errors.input(() -> new StreamTrimmer(redisson).trim(stream, strategy, threshold));
        log.info("console: trimmed {} ({} ~ {}): {} removed", stream, strategy, threshold, removed);
        return map("stream", stream, "removed", removed);
    }

    /** POST /api/deadletters/replay {stream, ids?: [...], all?: true}. */
    Map<String, Object> replay(Context ctx) {
        JsonNode body = Params.body(ctx);
        String stream = Params.text(body, "stream");
        ReplayResult result;
        if (body.path("all").asBoolean(false)) {
            result = deadLetters.replayAll(stream);
        } else {
            JsonNode ids = body.get("ids");
            if (ids == null || !ids.isArray() || ids.isEmpty()) {
                throw ApiError.badRequest("give 'ids' (a non-empty list of dead-letter ids) or 'all': true");
            }
            List<String> list = new ArrayList<>();
            ids.forEach(id -> list.add(Params.entryId("ids", id.asText())));
            result = deadLetters.replay(stream, list);
        }
        List<Map<String, Object>> replayed = new ArrayList<>();
        result.replayed().forEach(r -> replayed.add(map("deadLetterId", r.deadLetterId(), "originalId",
                r.originalId(), "newId", r.newId())));
        return map("replayed", replayed, "notReplayed", result.notReplayed());
    }

    /** POST /api/failed/retry {id?, stream?, receiver?}: needs the application's listeners. */
    Map<String, Object> retryFailed(Context ctx) {
        JsonNode body = Params.body(ctx);
        FailureFilter filter = new FailureFilter(Params.optionalText(body, "id"), Params.optionalText(body, "stream"),
                Params.optionalText(body, "receiver"));
        if (listeners.isEmpty()) {
            throw ApiError.conflict("retry needs the application's listeners: none were given to this console "
                    + "(ConsoleServer.builder().listeners(...), or --module for streambus console)");
        }
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (RetryOutcome o : new FailedMessageRetrier(redisson, failed, listeners).retry(filter)) {
            outcomes.add(map("id", o.record().failure().id(), "stream", o.record().failure().stream(),
                    "receiver", o.record().failure().receiver(), "retried", o.retried(), "detail", o.detail()));
        }
        return map("outcomes", outcomes);
    }

    /** POST /api/failed/flush {}: removes every record, as streamer:failed:flush. */
    Map<String, Object> flushFailed(Context ctx) {
        Params.body(ctx);
        int removed = failed.flush();
        log.info("console: flushed {} failed-message records", removed);
        return map("removed", removed);
    }

    /** POST /api/projections/rebuild {name}. */
    Map<String, Object> rebuild(Context ctx) {
        String name = Params.text(Params.body(ctx), "name");
        ConsoleProjection projection = projections.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.notFound("unknown projection '" + name + "'"));
        projection.startRebuild();
        log.info("console: rebuild of projection {} started", name);
        return map("name", name, "rebuild", "running");
    }

    /** POST /api/levers {name, value}. */
    Map<String, Object> lever(Context ctx) {
        JsonNode body = Params.body(ctx);
        String name = Params.text(body, "name");
        Lever lever = levers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.notFound("unknown lever '" + name + "'"));
        int value = (int) Params.number(body, "value", lever.defaultValue(), 0, 10_000);
        return map("name", name, "result", lever.action().apply(value));
    }

    private static MessageType type(String value) {
        if (value == null) {
            return MessageType.EVENT;
        }
        for (MessageType t : MessageType.values()) {
            if (t.wireName().equals(value)) {
                return t;
            }
        }
        throw ApiError.badRequest("field 'type' must be event, notification or command, got '" + value + "'");
    }
}
