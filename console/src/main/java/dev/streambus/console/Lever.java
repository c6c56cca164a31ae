package dev.streambus.console;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A custom action the embedding application offers on the page (e.g. the demo's "produce orders", "crash next N"):
 * a button with a number field. Hidden and refused in read-only mode.
 *
 * @param name         identifier used in the API
 * @param label        button text
 * @param defaultValue number shown in the field
 * @param action       runs with the number; returns one line for the page
 */
public record Lever(String name, String label, int defaultValue, IntFunction<String> action) {

    /** Validates. */
    public Lever {
        if (name == null || !name.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("lever name must be 1..40 of [a-z0-9-], got '" + name + "'");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(action, "action");
    }
}
