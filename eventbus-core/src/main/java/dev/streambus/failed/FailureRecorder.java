package dev.streambus.failed;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ListenerInvoker;
import dev.streambus.consume.Middleware;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDateTime;

/**
 * Middleware that records each listener failure in Laravel Streamer's {@code failed_stream} SET, in the JSON PHP
 * writes (receiver = the listener's {@link dev.streambus.consume.MessageListener#receiver()}), so
 * {@code php artisan streamer:failed:list} shows Java failures too. The failure still propagates.
 */
public final class FailureRecorder implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(FailureRecorder.class);

    private final RedissonClient redisson;
    private final Clock clock;
    private final String setKey;

    /** @param clock its zone is the application time zone PHP formats {@code date} in */
    public FailureRecorder(RedissonClient redisson, Clock clock) {
        this(redisson, clock, FailedMessage.SET_KEY);
    }

    /** @param setKey the SET to record in, for apps that renamed Laravel's {@code failed_stream} */
    public FailureRecorder(RedissonClient redisson, Clock clock, String setKey) {
        this.redisson = redisson;
        this.clock = clock;
        this.setKey = setKey;
    }

    @Override
    public ListenerInvoker wrap(ListenerInvoker next) {
        return (listener, message) -> {
            try {
                next.invoke(listener, message);
            } catch (Exception | Error e) {
                record(message, listener.receiver(), e);
                throw e;
            }
        };
    }

    /** The text of a failure: its message, or its class name when it has none. */
    public static String errorText(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    }

    /** The line Laravel Streamer's {@code streamer:listen} prints for a listener failure. */
    public static String describeFailure(ReceivedMessage message, String receiver, Throwable error) {
        return "Listener error. Failed processing message with ID " + message.id() + " on '" + message.stream()
                + "' stream by " + receiver + ". Error: " + errorText(error);
    }

    private void record(ReceivedMessage message, String receiver, Throwable error) {
        log.warn("{}", describeFailure(message, receiver, error));
        FailedMessage failed = new FailedMessage(message.id(), message.name(), receiver, errorText(error),
                LocalDateTime.now(clock));
        try {
            redisson.getSet(setKey, StringCodec.INSTANCE).add(failed.toJson());
        } catch (RuntimeException e) {
            log.error("could not record the failure of entry {} in '{}': {}", message.id(), setKey,
                    e.getMessage());
        }
    }
}
