package dev.streambus.cli.listen;

import dev.streambus.deadletter.DeadLetter;
import dev.streambus.deadletter.DeadLetterSink;
import dev.streambus.deadletter.RedisDeadLetters;

import java.io.PrintWriter;

/**
 * Parks dead letters in Redis as the consumer would, then prints one line per dead letter on stderr, e.g.
 * {@code Dead-lettered message [1-0] on 'orders' stream to '{orders}:dead': <reason>}. Nothing is printed when parking
 * failed (the entry stays pending and the consumer reports it).
 */
final class ConsoleDeadLetters implements DeadLetterSink {

    private final RedisDeadLetters store;
    private final PrintWriter err;

    ConsoleDeadLetters(RedisDeadLetters store, PrintWriter err) {
        this.store = store;
        this.err = err;
    }

    @Override
    public void park(DeadLetter letter) {
        store.park(letter);
        String stream = letter.entry().stream();
        synchronized (err) {
            err.printf("Dead-lettered message [%s] on '%s' stream to '%s': %s%n", letter.entry().id(), stream,
                    store.streamFor(stream), letter.reason());
            err.flush();
        }
    }
}
