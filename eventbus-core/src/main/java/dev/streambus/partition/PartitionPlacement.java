package dev.streambus.partition;

/**
 * Where one partition stream lives.
 *
 * @param partition its number
 * @param stream    its stream key
 * @param slot      its hash slot (0 outside cluster mode)
 * @param node      {@code host:port} of the master serving the slot, as the client sees the topology now
 * @param length    its length (XLEN; 0 when it does not exist yet)
 */
public record PartitionPlacement(int partition, String stream, int slot, String node, long length) {
}
