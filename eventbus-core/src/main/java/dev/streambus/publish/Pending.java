package dev.streambus.publish;

import java.util.concurrent.CompletableFuture;

/**
 * One encoded event waiting to be written, and the future its caller waits on: completed with the entry id once Redis
 * stored it, or failed with a {@link PublishException} saying what the failure left behind.
 *
 * @param event          the encoded event
 * @param idempotencyKey the caller's idempotency key, or null
 * @param id             completed by the writer, exactly once
 */
record Pending(OutgoingEvent event, String idempotencyKey, CompletableFuture<String> id) {

    Pending(OutgoingEvent event, String idempotencyKey) {
        this(event, idempotencyKey, new CompletableFuture<>());
    }

    /** Whether it can travel as a plain XADD in a {@link StreamRun} (no key, history, entity copy or original id). */
    boolean plain() {
        return idempotencyKey == null && !event.needsScript() && event.message().originalId() == null;
    }

    String describe() {
        return "'" + event.message().name() + "' to stream '" + event.stream() + "'";
    }
}
