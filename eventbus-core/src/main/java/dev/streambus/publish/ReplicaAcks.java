package dev.streambus.publish;

import java.time.Duration;
import java.util.Objects;

/**
 * How many replicas must confirm a publish before it counts as done: after each pipelined write the publisher sends
 * Redis's {@code WAIT replicas timeout} on the same connection (one per stream of the write, so on Redis Cluster each
 * master waits for its own replicas). An event that fewer replicas confirmed within the timeout fails with
 * {@link PublishOutcome#STORED_UNREPLICATED}: it is in the master's stream, but a failover now could lose it.
 *
 * <p>Redis replicates asynchronously; {@code WAIT} narrows the window in which a failover loses acknowledged
 * writes, it does not close it (a replica that confirmed may still not be the one promoted). Each write waits at
 * most {@code timeout} longer; keep it below Redisson's response timeout (3 s by default).
 *
 * @param replicas how many replicas must confirm; 0 (the default, {@link #NONE}): do not wait
 * @param timeout  how long Redis waits for them; at least 1 ms when {@code replicas > 0}
 */
public record ReplicaAcks(int replicas, Duration timeout) {

    /** Do not wait for replicas (Redis's default: asynchronous replication). */
    public static final ReplicaAcks NONE = new ReplicaAcks(0, Duration.ZERO);

    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public ReplicaAcks {
        Objects.requireNonNull(timeout, "timeout");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        }
        if (replicas > 0 && timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be >= 1 ms when waiting for replicas (WAIT with 0 "
                    + "blocks forever), was " + timeout);
        }
    }

    /** Wait for {@code replicas} replicas, at most {@code timeout} per write. */
    public static ReplicaAcks of(int replicas, Duration timeout) {
        return new ReplicaAcks(replicas, timeout);
    }

    /** Whether writes wait for replicas. */
    public boolean enabled() {
        return replicas > 0;
    }
}
