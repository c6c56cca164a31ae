package dev.streambus.health;

import dev.streambus.consume.ConsumerEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which events make a health check report recent Redis errors (the timing itself: {@link ConsumerHealthTest}). */
class RecentRedisErrorsTest {

    @Test
    void onlyRedisErrorsCount() {
        RecentRedisErrors recent = new RecentRedisErrors(Duration.ofDays(1));
        recent.on(new ConsumerEvent.Resumed("c1", 3));
        recent.on(new ConsumerEvent.TopologyChanged("c1", "MOVED"));
        assertEquals(Optional.empty(), recent.reason());
        recent.on(new ConsumerEvent.RedisError("c1", "Connection refused", 1, false));
        recent.on(new ConsumerEvent.RedisError("c1", "acknowledgement failed: Connection refused", 1, false));
        HealthReport.Reason reason = recent.reason().orElseThrow();
        assertEquals(HealthReport.Kind.REDIS_ERROR, reason.kind());
        assertTrue(reason.text().startsWith("2 failed Redis round trips"), reason.text());
        assertTrue(recent.reason().isPresent(), "still recent at the next check");
    }

    @Test
    void anErrorNoCheckSawYetIsReportedEvenWhenOlderThanTheWindow() {
        RecentRedisErrors recent = new RecentRedisErrors(Duration.ZERO); // every error is old at once
        recent.on(new ConsumerEvent.RedisError("c1", "Connection refused", 1, false));
        assertTrue(recent.reason().isPresent(), "a round trip may take longer to fail than the window");
    }
}
