package dev.streambus.failed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.MessageDecoder;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.handle.EntryHandler;
import dev.streambus.consume.handle.Handling;
import dev.streambus.consume.handle.ListenerFailure;
import dev.streambus.consume.handle.Outcome;
import dev.streambus.redis.StreamEntry;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The failed_stream SET shared with PHP: PHP members listed and retried by Java, Java members byte-exact PHP JSON. */
@RedisTest
class FailedMessagesTest {

    static final JsonNode FIXTURE = Fixtures.load("failed-message.json");
    static final String STREAM = FIXTURE.get("stream").asText();
    static final String PHP_MEMBER = FIXTURE.get("failed_stream_smembers_added").get(0).get("raw").asText();
    static final JsonNode ENTRY = FIXTURE.get("entries").get(0);

    private final RedissonClient redisson;

    FailedMessagesTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @BeforeEach
    @AfterEach
    void deleteFixtureStream() {
        redisson.getKeys().delete(STREAM);
    }

    private void writePhpEntry() {
        StreamMessageId id = dev.streambus.redis.EntryId.parse(ENTRY.get("id").asText());
        redisson.<String, String>getStream(STREAM, StringCodec.INSTANCE)
                .add(id, StreamAddArgs.entries(Fixtures.fields(ENTRY)));
    }

    private FailedMessages failures(TestKeys keys) {
        FailedMessages failures = new FailedMessages(redisson, keys.key("failed_stream"));
        redisson.getSet(failures.setKey(), StringCodec.INSTANCE).add(PHP_MEMBER);
        return failures;
    }

    @Test
    void aPhpMemberIsListed(TestKeys keys) {
        FailedMessages failures = failures(keys);
        List<StoredFailure> listed = failures.list();
        assertEquals(1, listed.size());
        FailedMessage failure = listed.get(0).failure();
        assertEquals("1795313278578-0", failure.id());
        assertEquals(STREAM, failure.stream());
        assertEquals("InteropRecordingListener", failure.receiver());
        assertEquals("interop: recording listener failing on purpose", failure.error());
        assertEquals(LocalDateTime.of(2026, 11, 22, 2, 7, 58), failure.date());
        assertEquals(PHP_MEMBER, listed.get(0).member());
    }

    @Test
    void filtersMatchEveryGivenCriterion(TestKeys keys) {
        FailedMessages failures = failures(keys);
        failures.add(new FailedMessage("1-0", "other", "Other", "boom", LocalDateTime.of(2026, 1, 1, 0, 0)));
        assertEquals(2, failures.list().size());
        assertEquals("1-0", failures.list().get(0).failure().id(), "oldest first");
        assertEquals(1, failures.list(new FailureFilter("1795313278578-0", null, null)).size());
        assertEquals(1, failures.list(new FailureFilter(null, STREAM, null)).size());
        assertEquals(1, failures.list(new FailureFilter(null, null, "Other")).size());
        assertEquals(0, failures.list(new FailureFilter("1-0", STREAM, null)).size());
    }

    @Test
    void aPhpFailureIsRetriedByJavaAndRemovedByItsExactBytes(TestKeys keys) {
        FailedMessages failures = failures(keys);
        writePhpEntry();
        List<ReceivedMessage> seen = new CopyOnWriteArrayList<>();
        MessageListener listener = Listeners.onMessage(Set.of(STREAM), "InteropRecordingListener", seen::add);

        List<RetryOutcome> outcomes = new FailedMessageRetrier(redisson, failures, List.of(listener))
                .retry(FailureFilter.all());

        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0).retried(), () -> outcomes.get(0).detail());
        assertEquals(1, seen.size());
        assertEquals("1795313278578-0", seen.get(0).id());
        assertEquals("fail", seen.get(0).data().get("will").asText());
        assertEquals(0, failures.count());
    }

    @Test
    void aFailingRetryKeepsTheRecordAndSaysWhy(TestKeys keys) {
        FailedMessages failures = failures(keys);
        writePhpEntry();
        MessageListener listener = Listeners.onMessage(Set.of(STREAM), "InteropRecordingListener", m -> {
            throw new IllegalStateException("still broken");
        });
        RetryOutcome outcome = new FailedMessageRetrier(redisson, failures, List.of(listener))
                .retry(FailureFilter.all()).get(0);
        assertFalse(outcome.retried());
        assertEquals("InteropRecordingListener failed again: still broken", outcome.detail());
        assertEquals(Set.of(PHP_MEMBER), redisson.getSet(failures.setKey(), StringCodec.INSTANCE).readAll());
    }

    @Test
    void retryWithoutTheEntryOrTheListenerKeepsTheRecord(TestKeys keys) {
        FailedMessages failures = failures(keys);
        MessageListener listener = Listeners.onMessage(Set.of(STREAM), "InteropRecordingListener", m -> { });
        RetryOutcome noEntry = new FailedMessageRetrier(redisson, failures, List.of(listener))
                .retry(FailureFilter.all()).get(0);
        assertFalse(noEntry.retried());
        assertTrue(noEntry.detail().contains("No matching messages found"), noEntry.detail());

        writePhpEntry();
        RetryOutcome noListener = new FailedMessageRetrier(redisson, failures, List.of())
                .retry(FailureFilter.all()).get(0);
        assertEquals("no listener with receiver 'InteropRecordingListener'", noListener.detail());
        assertEquals(1, failures.count());
    }

    @Test
    void flushEmptiesTheSet(TestKeys keys) {
        FailedMessages failures = failures(keys);
        failures.add(new FailedMessage("1-0", "s", "r", "e", LocalDateTime.of(2026, 1, 1, 0, 0)));
        assertEquals(2, failures.flush());
        assertEquals(0, failures.count());
        assertEquals(0, failures.flush());
    }

    @Test
    void unreadableMembersAreSkippedNotDeleted(TestKeys keys) {
        FailedMessages failures = failures(keys);
        redisson.getSet(failures.setKey(), StringCodec.INSTANCE).add("{not json");
        assertEquals(1, failures.list().size());
        assertEquals(2, failures.count());
    }

    /** FailureRecorder (the consumer's middleware) writes the very bytes PHP wrote for the same failure. */
    @Test
    void aJavaFailureRecordIsBytesExactPhpJson() {
        Clock at = Clock.fixed(Instant.parse("2026-11-22T02:07:58Z"), ZoneOffset.UTC);
        ReceivedMessage message = MessageDecoder.decode(STREAM, ENTRY.get("id").asText(), Fixtures.fields(ENTRY));
        MessageListener listener = Listeners.onMessage(Set.of(STREAM), "InteropRecordingListener", m -> { });
        EntryHandler failing = entry -> Outcome.retry(List.of(new ListenerFailure(listener.receiver(),
                new RuntimeException("interop: recording listener failing on purpose"))));
        Handling handling = Handling.of(new Delivery(new StreamEntry(STREAM, message.id(), Fixtures.fields(ENTRY)), 1))
                .decoded(message, List.of(listener));
        var shared = redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE);
        boolean wasThere = shared.contains(PHP_MEMBER);
        try {
            assertInstanceOf(Outcome.Retry.class, new FailureRecorder(redisson, at).wrap(failing).handle(handling),
                    "the outcome passes unchanged");
            assertTrue(shared.contains(PHP_MEMBER), "the member PHP wrote for this failure");
        } finally {
            if (!wasThere) {
                shared.remove(PHP_MEMBER);
            }
        }
    }
}
