package dev.streambus.archive;

import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.text.Printable;
import dev.streambus.consume.ListenerInvoker;
import dev.streambus.consume.ListenerRegistry;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Middleware that runs an action on an entry once <b>every</b> listener for its name handled it successfully in one
 * delivery: {@code streamer:listen --purge} / {@code --archive}. Give it the same listeners as the consumer; add it
 * with {@code EventConsumer.Builder#middleware}.
 *
 * <p>Guarantees: the action runs at most once per delivery, after the last listener returned and before the entry is
 * acknowledged; never when any listener of that delivery failed (the entry stays for the retry). A failing action
 * is logged and does not fail the delivery (as in PHP, the entry just stays in the stream). It relies on the consumer
 * calling an entry's listeners one after another in registration order, which {@code EntryProcessor} does.
 */
public final class AfterAllListeners implements Middleware {

    /** What to do with a fully handled entry. */
    @FunctionalInterface
    public interface EntryAction {
        void apply(ReceivedMessage message) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(AfterAllListeners.class);

    private final ListenerRegistry registry;
    private final EntryAction action;
    private final Map<List<String>, Boolean> failedSoFar = new ConcurrentHashMap<>();

    public AfterAllListeners(Collection<? extends MessageListener> listeners, EntryAction action) {
        this.registry = new ListenerRegistry(listeners);
        this.action = Objects.requireNonNull(action, "action");
    }

    /** {@code --purge}: XDEL the entry from the stream it was read from. */
    public static AfterAllListeners purge(Collection<? extends MessageListener> listeners, StreamPurger purger) {
        return new AfterAllListeners(listeners, message -> purger.purge(message.stream(), message.id()));
    }

    /** {@code --archive}: move the entry to the archive storage. */
    public static AfterAllListeners archive(Collection<? extends MessageListener> listeners, StreamArchiver archiver) {
        return new AfterAllListeners(listeners, message -> archiver.archive(
                new ArchivedMessage(message.stream(), message.id(), message.content())));
    }

    @Override
    public ListenerInvoker wrap(ListenerInvoker next) {
        return (listener, message) -> {
            List<MessageListener> targets = registry.listenersFor(message.name());
            boolean last = !targets.isEmpty() && targets.get(targets.size() - 1) == listener;
            List<String> key = List.of(message.stream(), message.id());
            try {
                next.invoke(listener, message);
            } catch (MalformedMessageException e) {
                failedSoFar.remove(key); // the consumer stops calling listeners for this entry
                throw e;
            } catch (Exception | Error e) {
                if (last) {
                    failedSoFar.remove(key);
                } else {
                    failedSoFar.put(key, Boolean.TRUE);
                }
                throw e;
            }
            if (last) {
                if (failedSoFar.remove(key) == null) {
                    run(message);
                }
            }
        };
    }

    private void run(ReceivedMessage message) {
        try {
            action.apply(message);
        } catch (Exception e) {
            log.warn("Message [{}] from the '{}' stream: after-listeners action failed: {}",
                    Printable.name(message.id()), Printable.name(message.stream()), Printable.message(e.getMessage()));
        }
    }
}
