package dev.streambus.publish;

import dev.streambus.compat.history.HistorySnapshot;
import dev.streambus.event.EntityEvent;
import dev.streambus.event.EventType;
import dev.streambus.event.Replayable;
import dev.streambus.redis.HashSlot;
import org.redisson.api.RedissonClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, locally and before anything is written, whether the keys one publish script would touch (the stream, its
 * entity stream, its history list) share a Redis Cluster hash slot. Outside cluster mode they always do.
 */
final class SlotCheck {

    private final boolean cluster;

    SlotCheck(RedissonClient redisson) {
        this.cluster = redisson.getConfig().isClusterConfig();
    }

    /** Whether every check passes trivially (not in cluster mode). */
    boolean disabled() {
        return !cluster;
    }

    /** Why the encoded {@code event}'s keys cannot go in one script (keys and slots named), or empty. */
    Optional<String> problem(OutgoingEvent event) {
        if (!cluster || !event.needsScript()) {
            return Optional.empty();
        }
        return problem(event.message().name(), event.stream(), event.entityStream(), event.historyIdentifier());
    }

    /** {@link #problem(OutgoingEvent)} for an event not yet encoded (its keys need no encoding). */
    Optional<String> problemBeforeEncoding(Object event) {
        boolean replayable = event instanceof Replayable;
        if (!cluster || !(replayable || event instanceof EntityEvent)) {
            return Optional.empty();
        }
        String name = EventType.of(event.getClass()).name();
        return problem(name, name, event instanceof EntityEvent entity ? entity.entityStream() : null,
                replayable ? ((Replayable) event).identifier() : null);
    }

    private Optional<String> problem(String name, String stream, String entityStream, String historyIdentifier) {
        List<String> keys = new ArrayList<>(3);
        keys.add(stream);
        if (entityStream != null) {
            keys.add(entityStream);
        }
        if (historyIdentifier != null) {
            keys.add(HistorySnapshot.listKey(name, historyIdentifier));
        }
        List<Integer> slots = keys.stream().map(HashSlot::of).toList();   // only reached in cluster mode
        if (slots.stream().distinct().count() == 1) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            named.add("'" + keys.get(i) + "' (slot " + slots.get(i) + ")");
        }
        return Optional.of("event '" + name + "' would write " + String.join(", ", named)
                + " in one script, but on Redis Cluster they are in different hash slots (CROSSSLOT). Give them a "
                + "common hash tag, or set PublisherConfig.crossSlot(CrossSlot.TWO_STEPS) to write them one after "
                + "another as Laravel Streamer does (not atomic)");
    }
}
