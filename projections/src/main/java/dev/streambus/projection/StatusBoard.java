package dev.streambus.projection;

import dev.streambus.projection.progress.Progress;
import dev.streambus.projection.status.FailureStatus;
import dev.streambus.projection.store.Build;

/** What a runner knows about its rebuild beyond the registry: the build it replays now and its live progress. */
final class StatusBoard {

    private final String projection;
    private volatile Build building;
    private volatile Progress progress;
    private volatile FailureStatus failure;

    StatusBoard(String projection) {
        this.projection = projection;
    }

    void building(Build b, Progress p) {
        building = b;
        progress = p;
        failure = null;
    }

    void swapped(Build serving, Progress p) {
        building = null;
        progress = p;
    }

    void failed(Build b, Build.Error why) {
        building = null;
        failure = new FailureStatus(projection, why.stream(), why.entryId(), why.cause());
    }

    int buildingNumber() {
        Build b = building;
        return b == null ? 0 : b.number();
    }

    Progress progress() {
        return progress;
    }

    FailureStatus failure() {
        return failure;
    }
}
