package dev.streambus.model;

import java.util.Locale;
import java.util.Optional;

/** What happened to an Eloquent model: the suffix of its event name ({@code <model>.created} ...). */
public enum ModelAction {
    CREATED, UPDATED, DELETED;

    /** The event-name suffix without the dot, e.g. {@code created}. */
    public String suffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action an event name ends with ({@code .created}, {@code .updated}, {@code .deleted}), if any. */
    public static Optional<ModelAction> ofEventName(String eventName) {
        for (ModelAction action : values()) {
            if (eventName.endsWith("." + action.suffix()) && eventName.length() > action.suffix().length() + 1) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
