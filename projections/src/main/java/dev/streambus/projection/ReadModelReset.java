package dev.streambus.projection;

import java.sql.Connection;

/** Deletes every row of a projection's read model, inside the runner's transaction (do not commit). */
@FunctionalInterface
public interface ReadModelReset {
    void reset(Connection connection) throws Exception;
}
