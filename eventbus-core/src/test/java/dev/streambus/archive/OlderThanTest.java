package dev.streambus.archive;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OlderThanTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-03-31T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void phrasesTheArtisanCommandsUse() {
        assertEquals(Instant.parse("2026-03-31T11:00:00Z"), OlderThan.parse("60 min").cutoff(NOW));
        assertEquals(Instant.parse("2026-03-30T12:00:00Z"), OlderThan.parse("1 day").cutoff(NOW));
        assertEquals(Instant.parse("2026-03-17T12:00:00Z"), OlderThan.parse("2 weeks").cutoff(NOW));
        assertEquals(Instant.parse("2026-03-26T12:00:00Z"), OlderThan.parse("5 days").cutoff(NOW));
        assertEquals(Instant.parse("2026-03-30T00:00:00Z"), OlderThan.parse("1 day 12 hours").cutoff(NOW));
        assertEquals(Instant.parse("2026-02-28T12:00:00Z"), OlderThan.parse("1 month").cutoff(NOW));
        assertEquals(Instant.parse("2026-03-31T11:59:30Z"), OlderThan.parse(" 30SECONDS ").cutoff(NOW));
    }

    @Test
    void rejectsOtherText() {
        for (String bad : new String[] {"", "day", "1", "1 parsec", "-1 day", "1 day ago", "yesterday"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OlderThan.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
