package dev.streambus.ops;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stream as Redis reported it, read in one atomic script (length, last id, groups and consumers are mutually
 * consistent); {@link #deadLetters()} is read in the same round trip but not atomically with the rest.
 *
 * @param stream      stream key
 * @param exists      false when the key does not exist (then length 0, last id {@code 0-0}, no groups)
 * @param length      entries currently stored (XLEN)
 * @param lastId      last generated entry id ({@code last-generated-id}); survives deletion of that entry
 * @param deadLetters entries in the stream's dead-letter stream ({@code <stream>:dead} by default)
 * @param groups      consumer groups, in Redis's order
 */
public record StreamStatus(String stream, boolean exists, long length, String lastId, long deadLetters,
                           List<GroupStatus> groups) {

    /** Copies {@code groups}. */
    public StreamStatus {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(lastId, "lastId");
        groups = List.copyOf(groups);
    }

    /** The group named {@code name}, if the stream has it. */
    public Optional<GroupStatus> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
