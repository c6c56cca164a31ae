package dev.streambus.ops;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One consumer of a group (XINFO CONSUMERS).
 *
 * @param name           consumer name
 * @param pending        entries delivered to it and not acknowledged
 * @param idleMillis     milliseconds since its last attempted interaction (read, claim, ...)
 * @param inactiveMillis milliseconds since its last successful interaction; empty before Redis 7.2 and when Redis
 *                       reports -1 (it never had one)
 */
public record ConsumerStatus(String name, long pending, long idleMillis, OptionalLong inactiveMillis) {

    /** Validates. */
    public ConsumerStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inactiveMillis, "inactiveMillis");
    }
}
