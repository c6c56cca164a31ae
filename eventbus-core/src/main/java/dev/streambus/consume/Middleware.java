package dev.streambus.consume;

/**
 * Wraps every listener call, like a router middleware: per-listener logging or timing. It is the innermost step of
 * the {@linkplain dev.streambus.consume.handle.HandlerChain handler chain}; to see a whole delivery and its outcome
 * (metrics, tracing), use an {@link dev.streambus.consume.handle.EntryMiddleware}. A middleware that swallows an
 * exception turns a failed listener call into a successful one; rethrow unless that is the intent.
 */
@FunctionalInterface
public interface Middleware {
    ListenerInvoker wrap(ListenerInvoker next);
}
