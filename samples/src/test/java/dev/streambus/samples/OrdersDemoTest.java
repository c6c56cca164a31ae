package dev.streambus.samples;

import dev.streambus.localredis.RedisTest;
import dev.streambus.samples.orders.OrdersDemoRunner;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo a newcomer runs first must work, end to end, against the resolved Redis, and tell only its story. */
@RedisTest
class OrdersDemoTest {

    @Test
    void theDemoRunsEveryStepAndExitsZero(RedissonClient redisson) throws Exception {
        String[] streams = {"order.placed", "order.paid", "order.shipped", "user.created"};
        long existedBefore = redisson.getKeys().countExists(streams);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = OrdersDemoRunner.run(redisson, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, out);
        assertFalse(out.contains("[FAILED]"), out);
        for (String step : new String[]{"== 1.", "== 2.", "== 3.", "== 4.", "== 5.", "== 6.", "Done: every check"}) {
            assertTrue(out.contains(step), "missing " + step + " in:\n" + out);
        }
        assertTrue(out.contains("CRASHED"), "a consumer crashed and was recovered:\n" + out);
        assertTrue(out.contains("handled user.created  user 42 Ann (Kraków)"), out);
        assertTrue(out.contains("[ok] rebuilt rows equal the live-built rows (6 rows)"), out);
        assertTrue(out.matches("(?s).*\n  rebuildAll: rebuild order_summary finished: [\\d,]+/[\\d,]+ events "
                + "\\(100\\.0%\\) in \\S+, \\S+ events/s\n.*"), () -> "the rebuild is described for a person:\n" + out);
        assertFalse(out.contains("Progress["), out);
        if (existedBefore == 0) {
            assertEquals(0, redisson.getKeys().countExists(streams), "the demo removes the streams it created");
        }
    }

    @Test
    void theLogConfigKeepsNettysMissingMacAddressWarningOutOfTheStory() {
        Logger netty = LoggerFactory.getLogger("io.netty.util.internal.MacAddressUtil");
        assertFalse(netty.isWarnEnabled(), "Netty's 'no usable hardware address' WARN is not shown");
        assertTrue(netty.isErrorEnabled(), "its errors still are");
        assertTrue(LoggerFactory.getLogger("io.netty.channel.DefaultChannelId").isWarnEnabled(),
                "other warnings still are");
    }
}
