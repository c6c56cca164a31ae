/** The consume handler chain: entry-level steps assembled by {@link dev.streambus.consume.handle.HandlerChain}, each deciding or passing on a delivery's {@link dev.streambus.consume.handle.Outcome}. */
package dev.streambus.consume.handle;
