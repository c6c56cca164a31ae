package dev.streambus.spring;

import dev.streambus.health.HealthReport;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.health.ProjectionHealth;
import dev.streambus.projection.metrics.ProjectionMetrics;
import org.redisson.api.RedissonClient;
import org.springframework.context.SmartLifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runners of the context's {@code Projection} beans (created, and so migrated, with this bean), run live while
 * the context runs: started after and stopped before ordinary lifecycle beans (same phase as the consumer). Each has
 * its {@link ProjectionMetrics} (applied entries, checkpoint lag; bound to the registry when there is one, read from
 * Redis every {@code streambus.metrics.backlog-interval}) and its {@link ProjectionHealth}.
 */
public final class StreamBusProjections implements SmartLifecycle, StreamBusReports, AutoCloseable {

    private final List<ProjectionRunner> runners;
    private final List<ProjectionMetrics> metrics;
    private final Map<String, Supplier<HealthReport>> reports = new LinkedHashMap<>();
    private volatile boolean running;

    public StreamBusProjections(List<ProjectionRunner> runners, RedissonClient redisson,
                                StreamBusObservability observability) {
        this.runners = List.copyOf(runners);
        this.metrics = this.runners.stream()
                .map(r -> new ProjectionMetrics(r, redisson, observability.backlogInterval())).toList();
        for (int i = 0; i < this.runners.size(); i++) {
            ProjectionRunner runner = this.runners.get(i);
            ProjectionHealth health = new ProjectionHealth(runner, metrics.get(i),
                    observability.projectionLagThreshold());
            reports.put("projection-" + runner.projection().name(), health::report);
            if (observability.registry() != null) {
                metrics.get(i).bindTo(observability.registry());
            }
        }
    }

    /** One runner per {@code Projection} bean. */
    public List<ProjectionRunner> runners() {
        return runners;
    }

    @Override
    public synchronized void start() {
        runners.forEach(ProjectionRunner::start);
        metrics.forEach(ProjectionMetrics::start);
        running = true;
    }

    /** Stops every live loop (each finishes its current batch) and the lag readings. */
    @Override
    public synchronized void stop() {
        running = false;
        metrics.forEach(ProjectionMetrics::close);
        runners.forEach(ProjectionRunner::stop);
    }

    /** Closes the runners (their database connections) when the context is destroyed. */
    @Override
    public void close() {
        stop();
        runners.forEach(ProjectionRunner::close);
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
    public Map<String, Supplier<HealthReport>> healthReports() {
        return reports;
    }
}
