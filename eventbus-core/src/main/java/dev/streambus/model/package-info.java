/**
 * Laravel Eloquent model events ({@code EmitsStreamerEvents}): typed access to {@code <model>.created},
 * {@code .updated} and {@code .deleted} entries, and the same shape emitted from Java ({@link dev.streambus.model.ModelEvent}).
 */
package dev.streambus.model;
