package dev.streambus.failed;

import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.MalformedMessageException;
import dev.streambus.compat.text.ErrorText;
import dev.streambus.compat.text.Printable;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.handle.EntryHandler;
import dev.streambus.consume.handle.EntryMiddleware;
import dev.streambus.consume.handle.ListenerFailure;
import dev.streambus.consume.handle.Outcome;
import com.fasterxml.jackson.databind.node.TextNode;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Handler step that records each listener failure of a delivery in Laravel Streamer's {@code failed_stream} SET, in
 * the JSON PHP writes (receiver = the listener's {@link dev.streambus.consume.MessageListener#receiver()}), so
 * {@code php artisan streamer:failed:list} shows Java failures too. The outcome is passed on unchanged (the ack
 * policy outside it decides about retries).
 *
 * <p>One member per entry and receiver: a repeated failure of the same entry in the same listener replaces the
 * member (same id, stream and receiver) with the latest error and date, atomically in one script. A
 * {@link MalformedMessageException} is not recorded: it is a decoding failure, dead-lettered by the consumer. The
 * error text is {@linkplain Printable escaped and bounded} (it may echo entry data), in the member and in the log.
 */
public final class FailureRecorder implements EntryMiddleware {

    private static final Logger log = LoggerFactory.getLogger(FailureRecorder.class);

    /**
     * KEYS[1] the set; ARGV: id, stream, receiver, the new member, an SSCAN MATCH pattern for the id. Removes the
     * members of the same id, stream and receiver (compared decoded, so PHP's escaping does not matter), then adds
     * the new one. Scans the whole set: it holds failures waiting for a person, so it stays small.
     */
    private static final String REPLACE = """
            local cursor = '0'
            repeat
              local reply = redis.call('SSCAN', KEYS[1], cursor, 'MATCH', ARGV[5], 'COUNT', 1000)
              cursor = reply[1]
              for _, member in ipairs(reply[2]) do
                local ok, old = pcall(cjson.decode, member)
                if ok and type(old) == 'table' and old.id == ARGV[1] and old.stream == ARGV[2]
                    and old.receiver == ARGV[3] then
                  redis.call('SREM', KEYS[1], member)
                end
              end
            until cursor == '0'
            return redis.call('SADD', KEYS[1], ARGV[4])""";

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
    public EntryHandler wrap(EntryHandler next) {
        return entry -> {
            Outcome outcome = next.handle(entry);
            if (outcome instanceof Outcome.Retry retry) {
                for (ListenerFailure failure : retry.failures()) {
                    record(entry.message(), failure.receiver(), failure.error());
                }
            }
            return outcome;
        };
    }

    /** The line Laravel Streamer's {@code streamer:listen} prints for a listener failure (entry text escaped). */
    public static String describeFailure(ReceivedMessage message, String receiver, Throwable error) {
        return "Listener error. Failed processing message with ID " + Printable.name(message.id()) + " on '"
                + Printable.name(message.stream()) + "' stream by " + Printable.name(receiver) + ". Error: "
                + ErrorText.message(error);
    }

    private void record(ReceivedMessage message, String receiver, Throwable error) {
        log.warn("{}", describeFailure(message, receiver, error));
        FailedMessage failed = new FailedMessage(message.id(), message.name(), receiver, ErrorText.message(error),
                LocalDateTime.now(clock));
        try {
            redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, REPLACE,
                    RScript.ReturnType.LONG, List.of(setKey), failed.id(), failed.stream(), failed.receiver(),
                    failed.toJson(), "*\"id\":" + glob(PhpJson.encode(TextNode.valueOf(failed.id()))) + "*");
        } catch (RuntimeException e) {
            log.error("could not record the failure of entry {} in '{}': {}", Printable.name(message.id()), setKey,
                    ErrorText.message(e));
        }
    }

    /** Escapes Redis glob specials so that {@code text} matches only itself. */
    private static String glob(String text) {
        return text.replaceAll("([\\\\\\[\\]*?])", "\\\\$1");
    }
}
