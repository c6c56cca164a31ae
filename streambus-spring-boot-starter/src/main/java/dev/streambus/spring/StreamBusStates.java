package dev.streambus.spring;

import dev.streambus.consume.ConsumerState;

import java.util.Map;
import java.util.function.Supplier;

/** Parts of streambus run by the context whose {@link ConsumerState} health checks report, by name. */
public interface StreamBusStates {

    /** Each part's current state; a supplier gives null when the part does not run (e.g. no listeners). */
    Map<String, Supplier<ConsumerState>> states();
}
