/**
 * The bus a service holds: {@link dev.streambus.bus.EventBus}, one publisher and (with listeners) one consumer,
 * built with {@code new} and builders; Guice wiring is in the optional {@code eventbus-guice} module.
 */
package dev.streambus.bus;
