package dev.streambus.consume.handle;

/**
 * One step of the entry-level {@linkplain HandlerChain handler chain}: wraps the rest of the chain and may answer
 * without calling it (a dead letter), change its outcome (the ack policy) or act on it (failure records, archive,
 * metrics, tracing). User middlewares are the outermost steps: they see every delivery and its final outcome.
 */
@FunctionalInterface
public interface EntryMiddleware {
    EntryHandler wrap(EntryHandler next);
}
