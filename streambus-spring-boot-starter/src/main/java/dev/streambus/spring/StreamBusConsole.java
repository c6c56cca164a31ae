package dev.streambus.spring;

import dev.streambus.console.ConsoleServer;
import org.springframework.context.SmartLifecycle;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web console ({@link ConsoleServer}) as part of the context's lifecycle: started after the application's
 * consumer and projections (so that a claim to the running consumer makes it redo its pending entries at once), and
 * stopped before them. Stopping closes the HTTP server only, never the Redis client.
 */
public final class StreamBusConsole implements SmartLifecycle {

    /** After the consumer ({@link StreamBusConsumer#PHASE}) and the projections. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 256;

    private final Supplier<ConsoleServer> factory;
    private volatile ConsoleServer server;

    /** @param factory builds the (not yet started) server when the context starts */
    public StreamBusConsole(Supplier<ConsoleServer> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized void start() {
        if (server == null) {
            server = factory.get().start();
        }
    }

    @Override
    public synchronized void stop() {
        ConsoleServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running server (its {@code url()} and {@code port()}); empty before start and after stop. */
    public Optional<ConsoleServer> server() {
        return Optional.ofNullable(server);
    }
}
