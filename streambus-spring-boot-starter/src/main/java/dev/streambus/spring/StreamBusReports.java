package dev.streambus.spring;

import dev.streambus.health.HealthReport;

import java.util.Map;
import java.util.function.Supplier;

/** Parts of streambus run by the context (the consumer, each projection) whose health is reported, by name. */
public interface StreamBusReports {

    /** Each part's current health; a supplier gives null while the part does not run (e.g. no listeners). */
    Map<String, Supplier<HealthReport>> healthReports();
}
