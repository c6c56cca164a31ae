/**
 * Optional Guice wiring for the bus: {@link dev.streambus.guice.StreamBusModule} provides the
 * {@link dev.streambus.publish.Publisher} and {@link dev.streambus.bus.EventBus} from bound settings and listeners.
 */
package dev.streambus.guice;
