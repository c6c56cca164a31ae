package dev.streambus.publish;

import dev.streambus.redis.EntryId;
import org.redisson.api.stream.StreamMessageId;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a stream keeps entries, applied on every XADD with approximate trimming ({@code ~}), which Redis does
 * cheaply in whole macro-nodes. Laravel Streamer itself never trims; the default here is {@link #keepAll()}.
 *
 * @param maxLength keep about this many entries (0: no length bound)
 * @param maxAge    keep entries about this young (null: no age bound); trims with {@code MINID ~ now-maxAge}
 */
public record Retention(long maxLength, Duration maxAge) {

    public Retention {
        if (maxLength < 0) {
            throw new IllegalArgumentException("retention maxLength must be >= 0, was " + maxLength);
        }
        if (maxLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("retention maxLength must be <= " + Integer.MAX_VALUE);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention maxAge must be positive, was " + maxAge);
        }
        if (maxLength > 0 && maxAge != null) {
            throw new IllegalArgumentException("retention takes a length or an age, not both");
        }
    }

    public static Retention keepAll() {
        return new Retention(0, null);
    }

    /** {@code XADD ... MAXLEN ~ n}. */
    public static Retention maxLength(long entries) {
        return new Retention(entries, null);
    }

    /** {@code XADD ... MINID ~ <now - age>}. */
    public static Retention maxAge(Duration age) {
        return new Retention(0, Objects.requireNonNull(age, "age"));
    }

    public boolean keepsAll() {
        return maxLength == 0 && maxAge == null;
    }

    /** The XADD trim arguments as words, for scripts: e.g. {@code MAXLEN ~ 1000}; empty when keeping all. */
    java.util.List<String> xaddWords(Clock clock) {
        if (maxLength > 0) {
            return java.util.List.of("MAXLEN", "~", Long.toString(maxLength));
        }
        if (maxAge != null) {
            return java.util.List.of("MINID", "~", EntryId.format(
                    new StreamMessageId(clock.millis() - maxAge.toMillis(), 0)));
        }
        return java.util.List.of();
    }
}
