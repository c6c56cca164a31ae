package dev.streambus.consume;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.redis.RedisStreams;
import dev.streambus.redis.StreamEntry;
import org.redisson.api.stream.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates a stream's consumer group where it is missing, and decides where it starts. It remembers the highest entry
 * id this consumer acknowledged on each stream ({@link #settled}), so that a group that vanishes under a live
 * consumer is recreated without handling the stream's history again:
 * <ul>
 *   <li>nothing acknowledged on the stream yet (first start): from {@code startFrom};</li>
 *   <li>the stream still holds what was acknowledged: its first entry is at or below the last id acknowledged and
 *       its last generated id at or above it (e.g. after {@code XGROUP DESTROY}): after the last id acknowledged,
 *       logged at ERROR with that id. Entries after it are delivered again (at-least-once); entries the old group
 *       held pending below it, in any consumer, went with the old group;</li>
 *   <li>otherwise the stream is new (Redis restarted empty, the key was deleted and written again): the key is
 *       missing or empty, all its entries are newer than the last id acknowledged, or its last generated id is below
 *       it (a stream's last generated id never decreases, so that is another stream): from {@code startFrom}, logged
 *       at WARN.</li>
 * </ul>
 * Thread-safe: acknowledgements are confirmed on Redisson's threads.
 */
final class GroupCreation {

    private static final Logger log = LoggerFactory.getLogger(GroupCreation.class);

    private final RedisStreams redis;
    private final ConsumerConfig config;
    private final Map<String, String> lastSettled = new ConcurrentHashMap<>();

    GroupCreation(RedisStreams redis, ConsumerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Remembers the highest id of {@code done} per stream (entries Redis confirmed as acknowledged). */
    void settled(List<StreamEntry> done) {
        String stream = null;
        String highest = null;
        for (StreamEntry e : done) { // the highest of each run of one stream's entries, then one merge per run
            if (!e.stream().equals(stream)) {
                remember(stream, highest);
                stream = e.stream();
                highest = e.id();
            } else if (EntryId.ORDER.compare(e.id(), highest) > 0) {
                highest = e.id();
            }
        }
        remember(stream, highest);
    }

    private void remember(String stream, String id) {
        if (stream != null) {
            lastSettled.merge(stream, id, (a, b) -> EntryId.ORDER.compare(a, b) >= 0 ? a : b);
        }
    }

    /** Creates the group on {@code stream} (and the stream) if missing, starting as the class describes. */
    void ensure(String stream) {
        String acknowledged = lastSettled.get(stream);
        StreamInfo<String, String> info = acknowledged == null ? null : info(stream);
        boolean keepsHistory = info != null && info.getFirstEntry() != null
                && EntryId.ORDER.compare(EntryId.format(info.getFirstEntry().getId()), acknowledged) <= 0
                && EntryId.ORDER.compare(EntryId.format(info.getLastGeneratedId()), acknowledged) >= 0;
        String start = keepsHistory ? acknowledged : config.startFrom();
        if (!redis.ensureGroup(stream, config.group(), start)) {
            return;
        }
        if (keepsHistory) {
            log.error("group '{}' vanished from '{}' while the stream kept its history (XGROUP DESTROY?): recreated it "
                    + "after {}, the last entry consumer '{}' acknowledged there; entries after it are delivered "
                    + "again, entries pending in the old group are not", config.group(), stream, start,
                    config.consumer());
        } else if (acknowledged != null) {
            log.warn("stream '{}' is new ({}; consumer '{}' had acknowledged up to {}): recreated group '{}' from {}",
                    stream, describe(info), config.consumer(), acknowledged, config.group(), start);
        } else {
            log.info("created group '{}' on '{}' from {}", config.group(), stream, start);
        }
    }

    private static String describe(StreamInfo<String, String> info) {
        if (info == null) {
            return "the key was missing";
        }
        String first = info.getFirstEntry() == null ? "none" : EntryId.format(info.getFirstEntry().getId());
        return "first entry " + first + ", last id " + EntryId.format(info.getLastGeneratedId());
    }

    /** XINFO STREAM; null when the key is missing. */
    private StreamInfo<String, String> info(String stream) {
        try {
            return redis.stream(stream).getInfo();
        } catch (RuntimeException e) {
            if (RedisFailures.describe(e).startsWith("ERR no such key")) {
                return null;
            }
            throw e;
        }
    }
}
