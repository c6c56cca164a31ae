package dev.streambus.failed;

import dev.streambus.compat.text.ErrorText;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.compat.text.Printable;
import dev.streambus.consume.MessageListener;
import dev.streambus.redis.EntryId;
import dev.streambus.redis.RedisStreams;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Retries failure records like {@code php artisan streamer:failed:retry}: reads the entry back
 * ({@code XRANGE <stream> <id> <id>}, the stream being the record's {@code stream}, i.e. the event name, as PHP
 * reads it), and hands it to every listener whose {@link MessageListener#receiver()} equals the record's
 * {@code receiver}.
 *
 * <p>Guarantees: a record is removed (SREM of its exact bytes) only after all those listeners returned normally; if
 * the entry is gone, no listener matches, the entry is malformed or a listener throws, the record stays as it was and
 * the outcome says why. (PHP removes the record in any case and, on a new failure, adds a new one with a new date.)
 * Nothing is written to the stream and no consumer group is touched. Records are retried one at a time, oldest first.
 */
public final class FailedMessageRetrier {

    private final FailedMessages failures;
    private final RedisStreams streams;
    private final List<MessageListener> listeners;

    /** @param listeners the listeners that may be named as receivers */
    public FailedMessageRetrier(RedissonClient redisson, FailedMessages failures,
                                Collection<? extends MessageListener> listeners) {
        this.failures = Objects.requireNonNull(failures, "failures");
        this.streams = new RedisStreams(Objects.requireNonNull(redisson, "redisson"));
        this.listeners = List.copyOf(listeners);
    }

    /** Retries every record matching {@code filter}; one outcome per record, in retry order. */
    public List<RetryOutcome> retry(FailureFilter filter) {
        List<RetryOutcome> outcomes = new ArrayList<>();
        for (StoredFailure record : failures.list(filter)) {
            outcomes.add(retry(record));
        }
        return outcomes;
    }

    /** Retries one record. */
    public RetryOutcome retry(StoredFailure record) {
        FailedMessage failure = record.failure();
        List<MessageListener> receivers = listeners.stream()
                .filter(l -> l.receiver().equals(failure.receiver())).toList();
        if (receivers.isEmpty()) {
            return RetryOutcome.failure(record, "no listener with receiver '" + failure.receiver() + "'");
        }
        StreamMessageId id;
        try {
            id = EntryId.parse(failure.id());
        } catch (IllegalArgumentException e) {
            return RetryOutcome.failure(record, e.getMessage());
        }
        Map<StreamMessageId, Map<String, String>> found = streams.stream(failure.stream()).range(1, id, id);
        if (found.isEmpty()) {
            return RetryOutcome.failure(record, "No matching messages found on a '" + failure.stream()
                    + "' stream for ID #" + failure.id() + ".");
        }
        ReceivedMessage message;
        try {
            message = MessageDecoder.decode(failure.stream(), failure.id(), found.values().iterator().next());
        } catch (MalformedMessageException e) {
            return RetryOutcome.failure(record, e.getMessage());
        }
        for (MessageListener listener : receivers) {
            try {
                listener.onMessage(message);
            } catch (Exception | Error e) {
                return RetryOutcome.failure(record, Printable.name(listener.receiver()) + " failed again: "
                        + ErrorText.message(e));
            }
        }
        failures.remove(record);
        return RetryOutcome.success(record);
    }
}
