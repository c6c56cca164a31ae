package dev.streambus.consume;

/**
 * Wraps every listener call, like a router middleware: logging, metrics, failure records, tracing. A middleware
 * that swallows an exception turns a failed delivery into a successful one; rethrow unless that is the intent.
 */
@FunctionalInterface
public interface Middleware {
    ListenerInvoker wrap(ListenerInvoker next);
}
