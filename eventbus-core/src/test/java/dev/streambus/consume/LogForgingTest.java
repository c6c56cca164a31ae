package dev.streambus.consume;

import dev.streambus.deadletter.DeadLetterKeys;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.streambus.compat.failed.FailedMessage;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.testing.ConsumerTestBase;
import dev.streambus.testing.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text taken from entries (names, data echoed by a listener's exception) cannot forge log lines or flood logs and
 * reasons: control characters are escaped and length is bounded, while the entry itself stays intact.
 */
class LogForgingTest extends ConsumerTestBase {

    private static final String FORGED = "x\n12:00:00.000 ERROR FAKE LOG LINE\u001b[31m";
    private static final String HUGE = "n".repeat(100_000);
    /** Longest log line or reason accepted: a few bounded parts. */
    private static final int BOUND = 4_000;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogForgingTest(RedissonClient redisson) {
        super(redisson);
    }

    @BeforeEach
    void capture() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
    }

    @Test
    void entryTextInLogsReasonsAndFailureRecordsIsEscapedAndBounded(TestKeys keys) {
        String stream = keys.stream("orders");
        String forgedName = streams.xadd(stream, "name", FORGED, "data", "{}");
        String hugeName = streams.xadd(stream, "name", HUGE, "data", "{}");
        String echoed = streams.xadd(stream, "name", stream, "data", "{\"note\":\"" + HUGE + "\\n" + FORGED
                .replace("\n", "\\n").replace("\u001b", "\\u001b") + "\"}");
        Recorder echoing = new Recorder("Echoing", stream) {
            @Override
            protected void beforeRecording(ReceivedMessage message) {
                throw new IllegalArgumentException("bad note: " + message.data().get("note").asText());
            }
        };
        try (EventConsumer consumer = EventConsumer.builder(redisson).config(ConsumerConfig.builder()
                .group(keys.name("g")).block(Duration.ofMillis(200)).maxDeliveries(1).build())
                .listener(echoing).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 3,
                    () -> consumer.stats().toString());
        }

        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("FAKE LOG LINE")), "the forged name is logged: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("bad note")), "the listener failure is logged: " + lines);
        for (String line : lines) {
            assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u001b"), "raw control: " + line);
            assertTrue(line.length() < BOUND, "bounded log line: " + line.length());
        }

        List<Map<String, String>> letters = streams.entries(DeadLetterKeys.DEFAULT.of(stream));
        assertEquals(List.of(forgedName, hugeName, echoed),
                letters.stream().map(l -> l.get("dead_original_id")).toList());
        for (Map<String, String> letter : letters) {
            String reason = letter.get("dead_reason");
            assertTrue(reason.length() < BOUND, "bounded dead_reason: " + reason.length());
            assertFalse(reason.contains("\n") || reason.contains("\u001b"), reason);
        }
        assertTrue(letters.get(0).get("dead_reason").contains("x\\n12:00:00.000 ERROR FAKE LOG LINE\\u001b[31m"),
                letters.get(0).get("dead_reason"));
        assertTrue(letters.get(1).get("dead_reason").contains("…(+"), "truncation is marked");
        assertEquals(FORGED, letters.get(0).get("name"), "the entry itself keeps its name");
        assertEquals(HUGE, letters.get(1).get("name"));

        var failed = redisson.<String>getSet(FailedMessage.SET_KEY, StringCodec.INSTANCE).readAll().stream()
                .filter(m -> m.contains("\"id\":\"" + echoed + "\"")).map(FailedMessage::fromJson).toList();
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).error().length() < BOUND, "bounded failure record");
        assertFalse(failed.get(0).error().contains("\n"), failed.get(0).error());
    }
}
