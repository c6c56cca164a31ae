package dev.streambus.consume;

import dev.streambus.redis.RedisStreams;
import org.redisson.api.RStream;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.StreamConsumer;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A consumer leaving its group on purpose (scale-down) without losing anything: its pending entries are handed to
 * a peer with XCLAIM, page by page, and the consumer is deleted (XGROUP DELCONSUMER) only once it holds none.
 * Deleting a consumer that still has pending entries would drop them from the group's view (Watermill #24).
 */
public final class GroupExit {

    private static final Logger log = LoggerFactory.getLogger(GroupExit.class);
    private static final int PAGE = 100;

    private final RedisStreams redis;

    public GroupExit(RedisStreams redis) {
        this.redis = redis;
    }

    /**
     * Hands {@code consumer}'s pending entries on {@code stream} to {@code peer} (or, when null, to the most
     * recently active other consumer) and removes {@code consumer} from the group.
     *
     * @return true when the consumer was removed; false when it still holds entries because there is no peer
     */
    public boolean leave(String stream, String group, String consumer, String peer) {
        RStream<String, String> rs = redis.stream(stream);
        Optional<String> target = Optional.ofNullable(peer).or(() -> mostRecentPeer(rs, group, consumer));
        long handed = 0;
        while (true) {
            List<PendingEntry> page = rs.listPending(StreamPendingRangeArgs.groupName(group)
                    .startId(StreamMessageId.MIN).endId(StreamMessageId.MAX).count(PAGE).consumerName(consumer));
            if (page.isEmpty()) {
                break;
            }
            if (target.isEmpty()) {
                log.warn("consumer '{}' keeps {}+ pending entries of '{}': no peer in group '{}' to hand them to; "
                        + "not deleting it, they stay reclaimable", consumer, page.size(), stream, group);
                return false;
            }
            StreamMessageId[] ids = page.stream().map(PendingEntry::getId).toArray(StreamMessageId[]::new);
            rs.fastClaim(group, target.get(), 0, TimeUnit.MILLISECONDS, ids);
            handed += ids.length;
        }
        rs.removeConsumer(group, consumer);
        log.info("consumer '{}' left group '{}' on '{}' ({} pending entries handed to '{}')", consumer, group, stream,
                handed, target.orElse("-"));
        return true;
    }

    private static Optional<String> mostRecentPeer(RStream<String, String> rs, String group, String consumer) {
        return rs.listConsumers(group).stream()
                .filter(c -> !c.getName().equals(consumer))
                .min(Comparator.comparingLong(StreamConsumer::getIdleTime))
                .map(StreamConsumer::getName);
    }
}
