package dev.streambus.archive;

import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Deletes entries from streams (XDEL), like {@code streamer:purge} and {@code streamer:listen --purge}. No check is
 * made for other consumer groups that have not read the entry yet (PHP makes none either); a pending entry that is
 * purged is later seen as deleted by its group (the consumer dead-letters it with that reason).
 */
public final class StreamPurger {

    private final RedisStreams streams;
    private final AgedEntries aged;

    public StreamPurger(RedissonClient redisson) {
        this.streams = new RedisStreams(Objects.requireNonNull(redisson, "redisson"));
        this.aged = new AgedEntries(redisson);
    }

    /** XDEL of one entry; false when it was already gone. */
    public boolean purge(String stream, String id) {
        return streams.stream(stream).remove(EntryId.parse(id)) > 0;
    }

    /** Deletes every entry of {@code streams} that is older than {@code age}; one outcome per entry, in order. */
    public List<EntryOutcome> purgeOlderThan(Collection<String> streamNames, OlderThan age, Clock clock) {
        Instant cutoff = age.cutoff(clock);
        List<EntryOutcome> outcomes = new ArrayList<>();
        for (String stream : streamNames) {
            aged.forEach(stream, cutoff, entry -> outcomes.add(purge(stream, entry.id())
                    ? EntryOutcome.done(stream, entry.id())
                    : EntryOutcome.failed(stream, entry.id(), "could not be purged or is already deleted")));
        }
        return outcomes;
    }
}
