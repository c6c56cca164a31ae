package dev.streambus.deadletter;

/**
 * Where entries that cannot be handled go. The bus acknowledges an entry only after {@link #park} returned, so a
 * failing sink leaves the entry pending rather than losing it.
 */
public interface DeadLetterSink {
    void park(DeadLetter letter);
}
