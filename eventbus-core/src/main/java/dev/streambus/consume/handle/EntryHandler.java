package dev.streambus.consume.handle;

/** Decides the {@link Outcome} of one delivery. Implementations never throw for a bad entry or a failed listener. */
@FunctionalInterface
public interface EntryHandler {
    Outcome handle(Handling entry);
}
