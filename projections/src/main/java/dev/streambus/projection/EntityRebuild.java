package dev.streambus.projection;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.compat.message.StreamerMessage;
import dev.streambus.event.EntityEvent;
import dev.streambus.projection.source.EntryDecoder;
import dev.streambus.projection.source.Envelope;
import dev.streambus.projection.source.ReplaySource;
import dev.streambus.redis.EntryId;
import dev.streambus.projection.store.StreamPosition;
import dev.streambus.redis.EntryCodec;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StoredText;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds one entity's rows of the serving build in one transaction: {@code resetEntity}, then re-applies, in
 * order, the entity's events the build has already applied (from the entity stream {@code <entityType>:<id>}, or
 * from Laravel Streamer's history lists {@code <eventName>-<id>}). Events not applied yet are left to the live loop.
 */
final class EntityRebuild {

    private record Tracked(Envelope envelope, StreamPosition at) {
    }

    private final Projection projection;
    private final RedisStreams redis;
    private final RunnerConfig config;
    private final EntryDecoder decoder;
    private final Transactions transactions;

    EntityRebuild(Projection projection, RedisStreams redis, RunnerConfig config, EntryDecoder decoder,
                  Transactions transactions) {
        this.projection = projection;
        this.redis = redis;
        this.config = config;
        this.decoder = decoder;
        this.transactions = transactions;
    }

    int rebuild(String entityId) {
        if (projection.resetEntity() == null) {
            throw new IllegalStateException("projection '" + projection.name() + "' has no resetEntity(...)");
        }
        return transactions.locked(serving -> {
            List<Tracked> events = entityEvents(entityId);
            int[] applied = {0};
            transactions.inTransaction(serving, c -> {
                projection.resetEntity().reset(c, entityId);
                for (Tracked t : events) {
                    if (serving.applier.isApplied(t.at)) {
                        serving.applier.invoke(t.envelope);
                        applied[0]++;
                    }
                }
            });
            LoggerFactory.getLogger(EntityRebuild.class).info("projection '{}' rebuilt entity '{}' from {} events",
                    projection.name(), entityId, applied[0]);
            return applied[0];
        });
    }

    private List<Tracked> entityEvents(String entityId) {
        List<Tracked> out = new ArrayList<>();
        if (projection.entityType() != null) {
            String stream = EntityEvent.streamKey(projection.entityType(), entityId);
            try (ReplaySource source = new ReplaySource(redis, Map.of(stream, EntryId.MIN), config.batchSize(),
                    decoder)) {
                for (List<Envelope> page = source.nextBatch(config.batchSize()); !page.isEmpty();
                     page = source.nextBatch(config.batchSize())) {
                    for (Envelope e : page) {
                        out.add(new Tracked(e, trackedPosition(e)));
                    }
                }
            }
            return out;
        }
        RBatch batch = redis.redisson().createBatch();
        List<String> names = new ArrayList<>();
        List<RFuture<List<String>>> lists = new ArrayList<>();
        for (String name : projection.eventNames()) {
            names.add(name);
            lists.add(batch.<String>getList(HistorySnapshot.listKey(name, entityId), StringCodec.INSTANCE)
                    .readAllAsync());
        }
        batch.execute();
        RBatch reads = redis.redisson().createBatch();
        List<RFuture<Map<StreamMessageId, Map<StoredText, StoredText>>>> entries = new ArrayList<>();
        List<String> streamOf = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (String json : lists.get(i).toCompletableFuture().join()) {
                StreamMessageId id = EntryId.of(HistorySnapshot.fromJson(json).id()).toMessageId();
                entries.add(reads.<StoredText, StoredText>getStream(names.get(i), EntryCodec.INSTANCE)
                        .rangeAsync(id, id));
                streamOf.add(names.get(i));
            }
        }
        if (!entries.isEmpty()) {
            reads.execute();
        }
        for (int i = 0; i < entries.size(); i++) {
            for (StreamEntry entry : RedisStreams.entries(streamOf.get(i), entries.get(i).toCompletableFuture()
                    .join())) {
                Envelope e = decoder.decode(entry);
                out.add(new Tracked(e, new StreamPosition(e.stream(), e.position())));
            }
        }
        out.sort(Comparator.comparing((Tracked t) -> t.envelope.position()).thenComparing(t -> t.at.stream()));
        return out;
    }

    /** For an entity-stream copy: the integration entry it stands for (name + {@code _id}), if the copy says so. */
    private StreamPosition trackedPosition(Envelope e) {
        if (projection.readsEntityStreams() || e.message() == null) {
            return new StreamPosition(e.stream(), e.position());
        }
        String original = e.entry().fields().get(StreamerMessage.ID);
        try {
            return new StreamPosition(e.message().name(), EntryId.of(original));
        } catch (RuntimeException notAnId) {
            // a copy that does not name its integration entry: treat it as applied
            return new StreamPosition(e.stream(), EntryId.MIN);
        }
    }
}
