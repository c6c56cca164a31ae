package dev.streambus.cli.listen;

import dev.streambus.consume.ListenerInvoker;
import dev.streambus.consume.Middleware;
import dev.streambus.failed.FailureRecorder;

import java.io.PrintWriter;

/** Prints what {@code streamer:listen} prints for each listener call (success on stdout, failure on stderr). */
final class ConsoleReport implements Middleware {

    private final PrintWriter out;
    private final PrintWriter err;

    ConsoleReport(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public ListenerInvoker wrap(ListenerInvoker next) {
        return (listener, message) -> {
            try {
                next.invoke(listener, message);
            } catch (Exception | Error e) {
                synchronized (err) {
                    err.println(FailureRecorder.describeFailure(message, listener.receiver(), e));
                    err.flush();
                }
                throw e;
            }
            synchronized (out) {
                out.printf("Processed message [%s] on '%s' stream by [%s] listener.%n", message.id(), message.name(),
                        listener.receiver());
                out.flush();
            }
        };
    }
}
