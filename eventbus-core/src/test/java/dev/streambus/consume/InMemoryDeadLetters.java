package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.DeadLetterSink;

import java.util.ArrayList;
import java.util.List;

/** In-memory fake of the dead-letter sink: keeps what was parked, in order. */
final class InMemoryDeadLetters implements DeadLetterSink {

    private final List<DeadLetter> parked = new ArrayList<>();

    @Override
    public synchronized void park(DeadLetter letter) {
        parked.add(letter);
    }

    synchronized List<DeadLetter> parked() {
        return List.copyOf(parked);
    }
}
