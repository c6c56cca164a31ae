package dev.streambus.spring;

import dev.streambus.consume.ConsumerState;
import dev.streambus.projection.ProjectionRunner;
import org.springframework.context.SmartLifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runners of the context's {@code Projection} beans (created, and so migrated, with this bean), run live while
 * the context runs: started after and stopped before ordinary lifecycle beans (same phase as the consumer).
 */
public final class StreamBusProjections implements SmartLifecycle, StreamBusStates {

    private final List<ProjectionRunner> runners;
    private volatile boolean running;

    public StreamBusProjections(List<ProjectionRunner> runners) {
        this.runners = List.copyOf(runners);
    }

    /** One runner per {@code Projection} bean. */
    public List<ProjectionRunner> runners() {
        return runners;
    }

    @Override
    public synchronized void start() {
        runners.forEach(ProjectionRunner::start);
        running = true;
    }

    /** Stops every live loop (each finishes its current batch), then closes the runners. */
    @Override
    public synchronized void stop() {
        running = false;
        runners.forEach(ProjectionRunner::stop);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return StreamBusConsumer.PHASE;
    }

    /** {@code "projection-<name>"} for each runner. */
    @Override
    public Map<String, Supplier<ConsumerState>> states() {
        Map<String, Supplier<ConsumerState>> states = new LinkedHashMap<>();
        runners.forEach(r -> states.put("projection-" + r.projection().name(), r::state));
        return states;
    }
}
