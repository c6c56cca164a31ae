package dev.streambus.consume.handle;

import java.util.List;

/**
 * What became of one delivery, decided by the {@linkplain HandlerChain handler chain} and carried out by the
 * consumer: {@link Ack} (acknowledge it), {@link Retry} (leave it pending: redone after {@code reclaimIdle}) or
 * {@link DeadLetter} (park it with the reason, then acknowledge it).
 */
public sealed interface Outcome permits Outcome.Ack, Outcome.Retry, Outcome.DeadLetter {

    /** Done: acknowledge. */
    record Ack() implements Outcome {
    }

    /**
     * At least one listener failed: leave the entry pending for a later delivery.
     *
     * @param failures the listeners that failed, in call order (never empty)
     */
    record Retry(List<ListenerFailure> failures) implements Outcome {
        public Retry {
            if (failures.isEmpty()) {
                throw new IllegalArgumentException("a retry names at least one failure");
            }
            failures = List.copyOf(failures);
        }

        /** The last failure, described (what a dead letter names when the retries run out). */
        public String reason() {
            return failures.get(failures.size() - 1).describe();
        }
    }

    /**
     * Park the entry in the dead letters of its stream, then acknowledge it.
     *
     * @param reason why, naming stream, entry id and field where they matter (entry text escaped)
     */
    record DeadLetter(String reason) implements Outcome {
        public DeadLetter {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a dead letter needs a reason");
            }
        }
    }

    /** The one {@link Ack}. */
    Ack ACK = new Ack();

    static Retry retry(List<ListenerFailure> failures) {
        return new Retry(failures);
    }

    static DeadLetter deadLetter(String reason) {
        return new DeadLetter(reason);
    }
}
