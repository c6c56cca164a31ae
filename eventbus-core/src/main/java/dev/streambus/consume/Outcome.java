package dev.streambus.consume;

/**
 * What became of one delivery.
 *
 * @param kind   ACK: done; RETRY: leave pending for a later attempt; DEAD_LETTER: park it with {@code reason}
 * @param reason why, for retries and dead letters
 */
public record Outcome(Kind kind, String reason) {

    /** ACK, RETRY or DEAD_LETTER (see the record's {@code kind}). */
    public enum Kind { ACK, RETRY, DEAD_LETTER }

    public static final Outcome ACK = new Outcome(Kind.ACK, null);

    public static Outcome retry(String reason) {
        return new Outcome(Kind.RETRY, reason);
    }

    public static Outcome deadLetter(String reason) {
        return new Outcome(Kind.DEAD_LETTER, reason);
    }
}
