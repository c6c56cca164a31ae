package dev.streambus.archive;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An age such as {@code 60 min}, {@code 1 day}, {@code 2 weeks}, {@code 1 day 12 hours}, read like the
 * {@code --older_than} option of Laravel Streamer's {@code streamer:archive}/{@code streamer:purge}, which hands
 * {@code "-" + value} to PHP's {@code strtotime}. Accepted: one or more {@code <n> <unit>} pairs (the space is
 * optional), units {@code sec(s)/second(s)}, {@code min(s)/minute(s)}, {@code hour(s)}, {@code day(s)},
 * {@code week(s)}, {@code fortnight(s)}, {@code month(s)}, {@code year(s)}. Months and years are calendar steps in the
 * clock's zone, as in PHP. Anything else is rejected with a message naming the value.
 */
public final class OlderThan {

    private static final Pattern PART = Pattern.compile("\\s*(\\d+)\\s*([a-z]+)\\s*");

    private enum Unit { SECONDS, MINUTES, HOURS, DAYS, WEEKS, FORTNIGHTS, MONTHS, YEARS }

    private record Part(long amount, Unit unit) {
    }

    private final String text;
    private final List<Part> parts;

    private OlderThan(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses an age.
     *
     * @throws IllegalArgumentException naming the value and the accepted form
     */
    public static OlderThan parse(String text) {
        Objects.requireNonNull(text, "text");
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = PART.matcher(normalized);
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < normalized.length() && matcher.find(at) && matcher.start() == at) {
            parts.add(new Part(Long.parseLong(matcher.group(1)), unit(matcher.group(2), text)));
            at = matcher.end();
        }
        if (parts.isEmpty() || at != normalized.length()) {
            throw new IllegalArgumentException("invalid age '" + text
                    + "': expected e.g. '60 min', '1 day', '2 weeks' (<number> <unit>, repeatable)");
        }
        return new OlderThan(text.trim(), parts);
    }

    private static Unit unit(String word, String text) {
        return switch (word) {
            case "s", "sec", "secs", "second", "seconds" -> Unit.SECONDS;
            case "min", "mins", "minute", "minutes" -> Unit.MINUTES;
            case "h", "hour", "hours" -> Unit.HOURS;
            case "day", "days" -> Unit.DAYS;
            case "week", "weeks" -> Unit.WEEKS;
            case "fortnight", "fortnights" -> Unit.FORTNIGHTS;
            case "month", "months" -> Unit.MONTHS;
            case "year", "years" -> Unit.YEARS;
            default -> throw new IllegalArgumentException("invalid age '" + text + "': unknown unit '" + word
                    + "' (use sec, min, hour, day, week, fortnight, month or year)");
        };
    }

    /** Now minus this age, in the clock's zone: entries created at or before it are old enough. */
    public Instant cutoff(Clock clock) {
        ZonedDateTime t = ZonedDateTime.now(clock);
        for (Part p : parts) {
            t = switch (p.unit()) {
                case SECONDS -> t.minusSeconds(p.amount());
                case MINUTES -> t.minusMinutes(p.amount());
                case HOURS -> t.minusHours(p.amount());
                case DAYS -> t.minusDays(p.amount());
                case WEEKS -> t.minusWeeks(p.amount());
                case FORTNIGHTS -> t.minusWeeks(2 * p.amount());
                case MONTHS -> t.minusMonths(p.amount());
                case YEARS -> t.minusYears(p.amount());
            };
        }
        return t.toInstant();
    }

    @Override
    public String toString() {
        return text;
    }
}
