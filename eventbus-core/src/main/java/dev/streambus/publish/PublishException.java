package dev.streambus.publish;

import java.util.Objects;

/**
 * A publish failed. The message names the stream; it never contains credentials. {@link #outcome()} says whether
 * the entry was stored: {@link PublishOutcome#NOT_STORED} (safe to retry), {@link PublishOutcome#UNKNOWN} (it may
 * be in the stream: retry with the same idempotency key, see {@link Publisher#publish(Object, String)}) or
 * {@link PublishOutcome#STORED_UNREPLICATED} (stored, not confirmed by the replicas asked for).
 */
public class PublishException extends RuntimeException {

    private final PublishOutcome outcome;

    public PublishException(String message, Throwable cause, PublishOutcome outcome) {
        super(message + hint(Objects.requireNonNull(outcome, "outcome")), cause);
        this.outcome = outcome;
    }

    private static String hint(PublishOutcome outcome) {
        return switch (outcome) {
            case NOT_STORED -> " [not stored: safe to retry]";
            case UNKNOWN -> " [outcome unknown: it may be stored; retry with the same idempotency key]";
            case STORED_UNREPLICATED -> " [stored, not confirmed by the replicas asked for: a failover may lose it]";
        };
    }

    /** A failure whose outcome is {@link PublishOutcome#UNKNOWN}. */
    public PublishException(String message, Throwable cause) {
        this(message, cause, PublishOutcome.UNKNOWN);
    }

    public PublishOutcome outcome() {
        return outcome;
    }

    /** Whether Redis certainly did not store the entry ({@link PublishOutcome#NOT_STORED}). */
    public boolean isOutcomeKnown() {
        return outcome == PublishOutcome.NOT_STORED;
    }
}
