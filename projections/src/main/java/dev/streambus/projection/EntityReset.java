package dev.streambus.projection;

import java.sql.Connection;

/** Deletes one entity's rows of a projection's read model, inside the runner's transaction (do not commit). */
@FunctionalInterface
public interface EntityReset {
    void reset(Connection connection, String entityId) throws Exception;
}
