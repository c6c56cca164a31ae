/**
 * Where a projection's entries come from: the live consumer group, XRANGE replays read ahead of the writer, and
 * entity streams; entries are decoded into envelopes with their stream and id.
 */
package dev.streambus.projection.source;
