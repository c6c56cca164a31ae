package dev.streambus.projection.testing;

import dev.streambus.projection.RunnerConfig;

import java.time.Duration;

/** Runner settings that keep tests quick. */
public final class Configs {

    private Configs() {
    }

    public static RunnerConfig.Builder fast() {
        return RunnerConfig.builder().batchSize(500).block(Duration.ofMillis(100))
                .pollInterval(Duration.ofMillis(50)).progressInterval(Duration.ofSeconds(2));
    }
}
