package dev.streambus.failed;

import dev.streambus.compat.failed.FailedMessage;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The failure records in Laravel Streamer's {@code failed_stream} SET, shared with PHP ({@code streamer:failed:list},
 * {@code :retry}, {@code :flush} see the same members).
 *
 * <p>Guarantees: reading never changes the SET; members that are not failure records are skipped (and logged), never
 * deleted by {@link #remove}; {@link #remove} deletes exactly the stored bytes. Listing order is PHP's: by date,
 * then (for equal dates) by id, stream and receiver so it is stable.
 */
public final class FailedMessages {

    private static final Logger log = LoggerFactory.getLogger(FailedMessages.class);

    private static final Comparator<StoredFailure> PHP_ORDER = Comparator
            .comparing((StoredFailure s) -> s.failure().date())
            .thenComparing(s -> s.failure().id())
            .thenComparing(s -> s.failure().stream())
            .thenComparing(s -> s.failure().receiver());

    private final RedissonClient redisson;
    private final String setKey;

    /** Records in {@value FailedMessage#SET_KEY}, the SET PHP uses. */
    public FailedMessages(RedissonClient redisson) {
        this(redisson, FailedMessage.SET_KEY);
    }

    /** Records in another SET (tests, or an application that renamed it). */
    public FailedMessages(RedissonClient redisson, String setKey) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.setKey = Objects.requireNonNull(setKey, "setKey");
    }

    /** The SET key. */
    public String setKey() {
        return setKey;
    }

    /** Every readable record, oldest first. */
    public List<StoredFailure> list() {
        return list(FailureFilter.all());
    }

    /** The readable records matching {@code filter}, oldest first. */
    public List<StoredFailure> list(FailureFilter filter) {
        List<StoredFailure> out = new ArrayList<>();
        for (String member : set().readAll()) {
            FailedMessage failure;
            try {
                failure = FailedMessage.fromJson(member);
            } catch (IllegalArgumentException e) {
                log.warn("skipping a member of '{}': {}", setKey, e.getMessage());
                continue;
            }
            if (filter.matches(failure)) {
                out.add(new StoredFailure(member, failure));
            }
        }
        out.sort(PHP_ORDER);
        return out;
    }

    /** How many members the SET has (SCARD), readable or not. */
    public long count() {
        return set().size();
    }

    /** Adds a record as PHP's JSON; returns false if the identical member was already there. */
    public boolean add(FailedMessage failure) {
        return set().add(failure.toJson());
    }

    /** Removes exactly this member (SREM of the stored bytes); false when it was already gone. */
    public boolean remove(StoredFailure stored) {
        return set().remove(stored.member());
    }

    /**
     * Removes every member, as PHP's flush does ({@code SPOP key <count>}: members added while it runs may survive).
     *
     * @return how many members were removed
     */
    public int flush() {
        int count = (int) Math.min(Integer.MAX_VALUE, count());
        return count == 0 ? 0 : set().removeRandom(count).size();
    }

    private RSet<String> set() {
        return redisson.getSet(setKey, StringCodec.INSTANCE);
    }
}
