/** Partitioned streams: a family of N partition streams per event ({@code <event>:{<tag>.<p>}}), partition chosen by a key of the event, consumed by fixed assignment or by leases. */
package dev.streambus.partition;
