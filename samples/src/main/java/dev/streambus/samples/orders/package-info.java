/**
 * The demo's orders service: events, listeners, a Laravel app's entries and the {@code order_summary} projection.
 */
package dev.streambus.samples.orders;
