package dev.streambus.consume.handle;

import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.consume.ListenerInvoker;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;

import java.util.ArrayList;
import java.util.List;

/**
 * The end of the chain: calls every listener of the decoded message, one after another in registration order, each
 * through the listener-level {@link Middleware}s (first added outermost). {@link Outcome#ACK} when all returned;
 * {@link Outcome.Retry} naming each one that threw (anything, {@link Error}s too: one listener must not stop the
 * consumer; the others still run); a {@link MalformedMessageException} from a listener dead-letters the entry and no
 * further listener runs.
 */
public final class ListenerDispatch implements EntryHandler {

    private final ListenerInvoker invoker;

    public ListenerDispatch(List<Middleware> middlewares) {
        ListenerInvoker chain = ListenerInvoker.DIRECT;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            chain = middlewares.get(i).wrap(chain);
        }
        this.invoker = chain;
    }

    @Override
    public Outcome handle(Handling entry) {
        if (entry.message() == null) {
            throw new IllegalStateException("listeners run on decoded entries only (DecodeOrDeadLetter first)");
        }
        List<ListenerFailure> failures = null;
        for (MessageListener listener : entry.listeners()) {
            try {
                invoker.invoke(listener, entry.message());
            } catch (MalformedMessageException e) {
                return Outcome.deadLetter(e.getMessage());
            } catch (Throwable e) {
                if (failures == null) {
                    failures = new ArrayList<>(1);
                }
                failures.add(new ListenerFailure(listener.receiver(), e));
            }
        }
        return failures == null ? Outcome.ACK : Outcome.retry(failures);
    }
}
