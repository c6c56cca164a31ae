package dev.streambus.consume;

import dev.streambus.consume.handle.Outcome;

import java.util.List;

/**
 * What a running consumer tells its {@link ConsumerEvents} listeners about, as it happens, instead of polling
 * {@link EventConsumer#stats()}: the one way to watch a consumer (the CLI's {@code listen}, the
 * {@link dev.streambus.health.ConsumerHealth health check} and the {@link dev.streambus.metrics.ConsumeMetrics
 * metrics} all listen to these). Lifecycle events ({@link Started}, {@link RedisError}, {@link Resumed},
 * {@link TopologyChanged}, {@link BatchSettled}, {@link Stopped}) and per-read and per-entry events
 * ({@link EntriesRead}, {@link EntrySettled}).
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

    /** A read handed {@code entries} new entries (not already in hand, at least one) to the workers. */
    record EntriesRead(String consumer, int entries) implements ConsumerEvent {
    }

    /**
     * An entry was settled: {@link Outcome.Ack} (queued for acknowledgement), {@link Outcome.Retry} (left pending for
     * another attempt) or {@link Outcome.DeadLetter} (parked in the dead-letter stream).
     */
    record EntrySettled(String consumer, Delivery delivery, Outcome outcome) implements ConsumerEvent {
    }

    /** Redis confirmed the acknowledgement of {@code entries} settled entries (one coalesced XACK round trip). */
    record BatchSettled(String consumer, int entries) implements ConsumerEvent {
    }

    /** The consumer stopped; {@code stats} are its final counts. */
    record Stopped(String consumer, ConsumerStats stats) implements ConsumerEvent {
    }
}
