package dev.streambus.partition;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leases on the partitions of a {@link PartitionedStream}: partition {@code p} belongs to the owner whose name is in
 * {@link PartitionedStream#leaseKey} (set with {@code SET NX PX ttl}, renewed by its owner only, in the partition's
 * slot). A lease that is not renewed within its TTL expires and another owner can take it. Not thread-safe.
 */
public final class PartitionLeases {

    /** KEYS[1] lease; ARGV owner, ttl ms. Renews only one's own lease: 1 if renewed, 0 if it is not ours. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0""";

    /** KEYS[1] lease; ARGV owner. Deletes only one's own lease. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final RedissonClient redisson;
    private final PartitionedStream family;
    private final String owner;
    private final Duration ttl;
    private final Set<Integer> owned = new TreeSet<>();

    /** @param owner this owner's unique name (e.g. the consumer name) */
    public PartitionLeases(RedissonClient redisson, PartitionedStream family, String owner, Duration ttl) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.family = Objects.requireNonNull(family, "family");
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("lease owner must not be empty");
        }
        this.owner = owner;
        if (ttl.toMillis() < 10) {
            throw new IllegalArgumentException("lease ttl must be >= 10 ms, was " + ttl);
        }
        this.ttl = ttl;
    }

    /** The partitions held now (as of the last acquire/renew), ascending. */
    public Set<Integer> owned() {
        return Collections.unmodifiableSet(new TreeSet<>(owned));
    }

    /**
     * Takes free partitions until {@code max} are held, starting at a partition picked by the owner's name (so
     * owners starting together spread out); returns the newly taken ones.
     */
    public Set<Integer> acquire(int max) {
        Set<Integer> taken = new TreeSet<>();
        int start = Math.floorMod(owner.hashCode(), family.partitions());
        for (int i = 0; i < family.partitions() && owned.size() < max; i++) {
            int p = (start + i) % family.partitions();
            if (!owned.contains(p) && redisson.getBucket(family.leaseKey(p), StringCodec.INSTANCE)
                    .setIfAbsent(owner, ttl)) {
                owned.add(p);
                taken.add(p);
            }
        }
        return taken;
    }

    /** Renews the held leases; returns those lost (expired and taken by another, or deleted). */
    public Set<Integer> renew() {
        Set<Integer> lost = new TreeSet<>();
        for (int p : List.copyOf(owned)) {
            Long renewed = run(RENEW, p, Long.toString(ttl.toMillis()));
            if (renewed == null || renewed == 0) {
                owned.remove(p);
                lost.add(p);
            }
        }
        return lost;
    }

    /** Gives up every held lease (deleting only leases still ours). */
    public void release() {
        for (int p : List.copyOf(owned)) {
            run(RELEASE, p);
            owned.remove(p);
        }
    }

    private Long run(String script, int p, String... extra) {
        Object[] args = new Object[1 + extra.length];
        args[0] = owner;
        System.arraycopy(extra, 0, args, 1, extra.length);
        return redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, script,
                RScript.ReturnType.LONG, List.of(family.leaseKey(p)), args);
    }
}
