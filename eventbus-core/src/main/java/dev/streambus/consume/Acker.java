package dev.streambus.consume;

import dev.streambus.redis.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Acknowledges each entry as soon as it is settled, coalescing: while one acknowledgement round trip (one XACK per
 * stream, pipelined) is on its way, the entries settled meanwhile wait, and they all go in the next one, sent the
 * moment the previous one completes. So a settled entry waits for at most one round trip, never for its batch, and
 * fast handlers still share one XACK among many entries.
 *
 * <p>It only decides <em>when</em> acknowledgements are sent, never <em>what</em>: callers add entries only after
 * their listeners succeeded or they were dead-lettered. An acknowledgement that fails (Redis down) is reported and
 * dropped: its entries stay pending and are redone (at-least-once). Thread-safe: workers add, Redisson's threads
 * complete.
 */
final class Acker {

    private final EntrySource source;
    private final Consumer<List<StreamEntry>> onAcknowledged;
    private final BiConsumer<List<StreamEntry>, Throwable> onFailed;
    private List<StreamEntry> waiting = new ArrayList<>();
    private boolean sending;

    /**
     * @param onAcknowledged told about the entries of each confirmed acknowledgement
     * @param onFailed       told about the entries of each acknowledgement that failed, and why
     */
    Acker(EntrySource source, Consumer<List<StreamEntry>> onAcknowledged,
          BiConsumer<List<StreamEntry>, Throwable> onFailed) {
        this.source = source;
        this.onAcknowledged = onAcknowledged;
        this.onFailed = onFailed;
    }

    /** Acknowledges {@code settled} now, or with the next round trip if one is on its way. */
    void add(StreamEntry settled) {
        List<StreamEntry> now;
        synchronized (this) {
            waiting.add(settled);
            if (sending) {
                return;
            }
            sending = true;
            now = takeWaiting();
        }
        send(now);
    }

    private void send(List<StreamEntry> entries) {
        CompletionStage<Void> sent;
        try {
            sent = source.acknowledgeAsync(entries);
        } catch (RuntimeException e) { // refused before it was sent
            completed(entries, e);
            return;
        }
        sent.whenComplete((ok, error) -> completed(entries, error));
    }

    private void completed(List<StreamEntry> entries, Throwable error) {
        if (error == null) {
            onAcknowledged.accept(entries);
        } else {
            onFailed.accept(entries, error);
        }
        List<StreamEntry> next;
        synchronized (this) {
            if (waiting.isEmpty()) {
                sending = false;
                return;
            }
            next = takeWaiting();
        }
        send(next);
    }

    private List<StreamEntry> takeWaiting() {
        List<StreamEntry> taken = waiting;
        waiting = new ArrayList<>();
        return taken;
    }
}
