package dev.streambus.redis;

import org.redisson.Redisson;
import org.redisson.client.RedisConnection;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisRedirectException;
import org.redisson.client.WriteRedisConnectionException;
import org.redisson.client.codec.Codec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.connection.ConnectionManager;
import org.redisson.connection.MasterSlaveEntry;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One command (a single XADD or EVALSHA, an XREADGROUP) written straight on a connection borrowed from the pool of
 * the master that holds its key, and given back when the reply came. It skips Redisson's command executor, which
 * schedules retry and timeout timers and tracks attempts around every command: a loop of sync XADDs took 120-165 µs
 * of process CPU per call through the executor, 70-100 µs this way. Pooling, reconnection and the response timeout
 * stay Redisson's; like the publisher's executor, it never resends.
 *
 * <p>When Redis Cluster answers MOVED or ASK (a slot migrating, a topology not yet refreshed), or an EVALSHA meets
 * NOSCRIPT (a server that has not loaded the script yet), the command was not run, so it goes once through
 * {@code viaExecutor}, which follows redirects and loads scripts. A command that could not be written
 * (the connection closed) fails with {@link WriteRedisConnectionException}, as it does through the executor: nothing
 * reached Redis. Any other failure is the caller's, unwrapped from {@link CompletionException}.
 */
final class DirectWrite {

    private final ConnectionManager connections;
    private final long timeoutMillis;

    private DirectWrite(ConnectionManager connections, long timeoutMillis) {
        this.connections = connections;
        this.timeoutMillis = timeoutMillis;
    }

    /** Writes through {@code client}'s connection pools, with its configured response timeout. */
    static DirectWrite of(Redisson client) {
        ConnectionManager connections = client.getCommandExecutor().getConnectionManager();
        return new DirectWrite(connections, connections.getServiceManager().getConfig().getTimeout());
    }

    /** Sends {@code command params} on a connection to {@code key}'s master; completes with the decoded reply. */
    <R> CompletableFuture<R> send(String key, Codec codec, RedisCommand<R> command, Object[] params,
                                  Supplier<CompletableFuture<R>> viaExecutor) {
        return send(key, codec, command, params, 0, viaExecutor);
    }

    /**
     * As above for a command that may block on the server for up to {@code blockMillis} (XREADGROUP BLOCK): its reply
     * may take that much longer than the response timeout.
     */
    <R> CompletableFuture<R> send(String key, Codec codec, RedisCommand<R> command, Object[] params,
                                  long blockMillis, Supplier<CompletableFuture<R>> viaExecutor) {
        MasterSlaveEntry entry = connections.getEntry(key);
        if (entry == null) {
            return viaExecutor.get();
        }
        CompletableFuture<R> reply = new CompletableFuture<>();
        entry.connectionWriteOp(command).whenComplete((connection, noConnection) -> {
            if (noConnection != null) {
                reply.completeExceptionally(unwrap(noConnection));
                return;
            }
            long replyTimeout = timeoutMillis + blockMillis;
            write(entry, connection, codec, command, params, replyTimeout).whenComplete((value, error) -> {
                if (error == null) {
                    reply.complete(value);
                } else if (notRun(unwrap(error))) {
                    viaExecutor.get().whenComplete((again, failed) -> {
                        if (failed == null) {
                            reply.complete(again);
                        } else {
                            reply.completeExceptionally(unwrap(failed));
                        }
                    });
                } else {
                    reply.completeExceptionally(unwrap(error));
                }
            });
        });
        return reply;
    }

    private static <R> CompletableFuture<R> write(MasterSlaveEntry entry, RedisConnection connection, Codec codec,
                                                  RedisCommand<R> command, Object[] params, long timeoutMillis) {
        CompletableFuture<R> sent;
        if (!connection.isActive()) {
            sent = CompletableFuture.failedFuture(notWritten(connection, null));
        } else {
            try {
                sent = connection.<R, R>async(timeoutMillis, codec, command, params).toCompletableFuture()
                        .exceptionallyCompose(error -> CompletableFuture.failedFuture(
                                unwrap(error) instanceof ClosedChannelException closed
                                        ? notWritten(connection, closed) : unwrap(error)));
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
        }
        return sent.whenComplete((value, error) -> entry.releaseWrite(connection));
    }

    /** What the executor reports when a command could not be written: nothing reached Redis. */
    private static WriteRedisConnectionException notWritten(RedisConnection connection, Throwable cause) {
        return new WriteRedisConnectionException("Unable to write command into connection to "
                + connection.getRedisClient().getAddr() + ": it is closed", cause);
    }

    /** Redis did not run the command and the executor knows what to do: follow a redirection, load a script. */
    private static boolean notRun(Throwable error) {
        return error instanceof RedisRedirectException || error instanceof RedisNoScriptException;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
