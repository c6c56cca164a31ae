package dev.streambus.projection;

import dev.streambus.compat.message.ReceivedMessage;

import java.sql.Connection;

/**
 * Applies one event to a projection's read model through the runner's connection. Must not commit, roll back or
 * close the connection: the runner commits the handler's writes together with the entry's guard row and checkpoint,
 * or rolls all of them back when any handler of the batch throws.
 *
 * @param <T> the event's Java type ({@code data} mapped with {@link ReceivedMessage#dataAs(Class)})
 */
@FunctionalInterface
public interface EventHandler<T> {
    void handle(T event, ReceivedMessage message, Connection connection) throws Exception;
}
