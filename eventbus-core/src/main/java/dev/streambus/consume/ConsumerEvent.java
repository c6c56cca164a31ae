package dev.streambus.consume;

import java.util.List;

/**
 * What a running consumer tells its {@link ConsumerEvents} listeners about, as it happens (for a CLI, health checks,
 * metrics), instead of polling {@link EventConsumer#stats()}.
 */
public sealed interface ConsumerEvent {

    /** The consumer name. */
    String consumer();

    /** {@link EventConsumer#start()} started reading {@code readers} (its reader groups of streams). */
    record Started(String consumer, List<List<String>> readers) implements ConsumerEvent {
    }

    /**
     * A Redis round trip failed: a read (its loop backs off; {@code failures} in a row so far) or an acknowledgement
     * (its entries stay pending; {@code failures} 1). {@code permanent} errors need an operator.
     */
    record RedisError(String consumer, String reason, int failures, boolean permanent) implements ConsumerEvent {
    }

    /** A read loop works again after {@code failures} failed round trips. */
    record Resumed(String consumer, int failures) implements ConsumerEvent {
    }

    /**
     * A cluster topology change (slot moved or migrating, cluster down for a moment) interrupted a read; retried, not
     * counted as a failure.
     */
    record TopologyChanged(String consumer, String reason) implements ConsumerEvent {
    }

    /** Redis confirmed the acknowledgement of {@code entries} settled entries (one coalesced XACK round trip). */
    record BatchSettled(String consumer, int entries) implements ConsumerEvent {
    }

    /** The consumer stopped; {@code stats} are its final counts. */
    record Stopped(String consumer, ConsumerStats stats) implements ConsumerEvent {
    }
}
