package dev.streambus.consume.handle;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.compat.text.Printable;

import java.util.Objects;

/**
 * One listener that threw while handling one delivery.
 *
 * @param receiver the listener's {@link dev.streambus.consume.MessageListener#receiver()}
 * @param error    what it threw
 */
public record ListenerFailure(String receiver, Throwable error) {

    public ListenerFailure {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(error, "error");
    }

    /** {@code receiver: ExceptionClass: message}, escaped and bounded (the message may echo entry data). */
    public String describe() {
        return Printable.name(receiver) + ": " + ErrorText.line(error);
    }
}
