package dev.streambus.archive;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.text.Printable;
import dev.streambus.consume.handle.EntryHandler;
import dev.streambus.consume.handle.EntryMiddleware;
import dev.streambus.consume.handle.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Handler step that runs an action on an entry once <b>every</b> listener for its name handled it successfully in one
 * delivery: {@code streamer:listen --purge} / {@code --archive}. Add it with
 * {@code EventConsumer.Builder#afterAllListeners}; the {@linkplain dev.streambus.consume.handle.HandlerChain chain}
 * puts it right around the listener calls.
 *
 * <p>Guarantees: the action runs at most once per delivery, after the last listener returned and before the entry is
 * acknowledged; never when any listener of that delivery failed (the entry stays for the retry) or the entry was
 * dead-lettered. A failing action is logged and does not fail the delivery (as in PHP, the entry just stays in the
 * stream).
 */
public final class AfterAllListeners implements EntryMiddleware {

    /** What to do with a fully handled entry. */
    @FunctionalInterface
    public interface EntryAction {
        void apply(ReceivedMessage message) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(AfterAllListeners.class);

    private final EntryAction action;

    public AfterAllListeners(EntryAction action) {
        this.action = Objects.requireNonNull(action, "action");
    }

    /** {@code --purge}: XDEL the entry from the stream it was read from. */
    public static AfterAllListeners purge(StreamPurger purger) {
        return new AfterAllListeners(message -> purger.purge(message.stream(), message.id()));
    }

    /** {@code --archive}: move the entry to the archive storage. */
    public static AfterAllListeners archive(StreamArchiver archiver) {
        return new AfterAllListeners(message -> archiver.archive(
                new ArchivedMessage(message.stream(), message.id(), message.content())));
    }

    @Override
    public EntryHandler wrap(EntryHandler next) {
        return entry -> {
            Outcome outcome = next.handle(entry);
            if (outcome instanceof Outcome.Ack && entry.message() != null) {
                run(entry.message());
            }
            return outcome;
        };
    }

    private void run(ReceivedMessage message) {
        try {
            action.apply(message);
        } catch (Exception e) {
            log.warn("Message [{}] from the '{}' stream: after-listeners action failed: {}",
                    Printable.name(message.id()), Printable.name(message.stream()), ErrorText.message(e));
        }
    }
}
