package dev.streambus.consume.handle;

import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.ListenerRegistry;
import dev.streambus.consume.Middleware;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place a consumer's entry handling is assembled, outermost step first:
 * <ol>
 *   <li>the user's {@link EntryMiddleware}s (metrics, tracing, logging: they see every delivery and its final
 *       outcome), first added outermost;</li>
 *   <li>{@link MaxDeliveries}: deleted entries and entries delivered too often are dead-lettered;</li>
 *   <li>{@link DecodeOrDeadLetter}: malformed entries are dead-lettered before any listener runs;</li>
 *   <li>{@link AckPolicy}: listener failures become a retry, a dead letter on the last delivery, or an ack
 *       ({@code ALWAYS});</li>
 *   <li>failure recording (Laravel Streamer's {@code failed_stream}), when given;</li>
 *   <li>the after-all-listeners-succeeded action ({@code --archive}/{@code --purge}), when given;</li>
 *   <li>{@link ListenerDispatch}: every listener, each through the listener-level {@link Middleware}s.</li>
 * </ol>
 */
public final class HandlerChain {

    private HandlerChain() {
    }

    /**
     * @param failureRecording  records listener failures (null: none)
     * @param afterAllListeners runs once every listener succeeded (null: none)
     * @param user              the user's entry middlewares, first outermost
     * @param listenerLevel     wrap each listener call, first outermost
     */
    public static EntryHandler assemble(ConsumerConfig config, ListenerRegistry listeners,
                                        EntryMiddleware failureRecording, EntryMiddleware afterAllListeners,
                                        List<EntryMiddleware> user, List<Middleware> listenerLevel) {
        List<EntryMiddleware> steps = new ArrayList<>(user);
        steps.add(new MaxDeliveries(config.maxDeliveries()));
        steps.add(new DecodeOrDeadLetter(listeners, config.mapping()));
        steps.add(new AckPolicy(config.ackPolicy(), config.maxDeliveries()));
        if (failureRecording != null) {
            steps.add(failureRecording);
        }
        if (afterAllListeners != null) {
            steps.add(afterAllListeners);
        }
        return wrap(steps, new ListenerDispatch(listenerLevel));
    }

    /** {@code last} wrapped in {@code steps}, the first outermost. */
    public static EntryHandler wrap(List<EntryMiddleware> steps, EntryHandler last) {
        EntryHandler handler = last;
        for (int i = steps.size() - 1; i >= 0; i--) {
            handler = steps.get(i).wrap(handler);
        }
        return handler;
    }
}
