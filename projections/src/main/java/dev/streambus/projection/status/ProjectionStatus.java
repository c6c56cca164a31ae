package dev.streambus.projection.status;

import java.time.Instant;
import java.util.List;

/**
 * Where a projection stands: one entry per build that exists (serving, building, retired, failed), newest first.
 * A plain value for health checks, metrics and consoles; {@code streambus projection:status} prints it.
 *
 * @param projection      projection name
 * @param declaredVersion the version the running code declares; 0 when read without the code (CLI)
 * @param builds          builds, newest first
 * @param at              when it was read
 */
public record ProjectionStatus(String projection, int declaredVersion, List<BuildStatus> builds, Instant at) {

    /** The build readers see, or null before the first one exists. */
    public BuildStatus serving() {
        return builds.stream().filter(b -> b.role() == dev.streambus.projection.store.Build.State.SERVING)
                .findFirst().orElse(null);
    }

    /** The build being replayed, or null. */
    public BuildStatus building() {
        return builds.stream().filter(b -> b.role() == dev.streambus.projection.store.Build.State.BUILDING)
                .findFirst().orElse(null);
    }
}
