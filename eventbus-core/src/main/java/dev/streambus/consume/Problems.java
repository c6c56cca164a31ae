package dev.streambus.consume;

import dev.streambus.consume.ConsumerState.Problem;
import dev.streambus.redis.connect.RedisFailures;
import dev.streambus.consume.ConsumerState.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The permanent Redis errors in effect for one reader (a consumer's group source, a projection's live loop), keyed by
 * step and stream. Each is logged at ERROR when it first happens (again only if its reason changes, never on every
 * retry), is retried after a capped, jittered back-off ({@link #due}), and is logged at INFO when a retry succeeds.
 * Updated by one loop thread; {@link #current()} may be read from any thread.
 */
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final String owner;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Map<Key, Tracked> tracked = new ConcurrentHashMap<>();

    private record Key(Step step, String stream) {
    }

    private record Tracked(Problem problem, Backoff backoff, long retryAtNanos) {
    }

    /**
     * @param owner      who is affected, for log lines ({@code "consumer 'c1' of group 'g'"})
     * @param clock      dates {@link Problem#since()}
     * @param maxBackoff cap of the delay between two retries of one failing part
     */
    public Problems(String owner, Clock clock, Duration maxBackoff) {
        this.owner = owner;
        this.clock = clock;
        this.maxBackoff = maxBackoff;
    }

    /** True when the part may be tried now: it has no problem, or its back-off has passed. */
    public boolean due(Step step, String stream) {
        Tracked t = tracked.get(new Key(step, stream));
        return t == null || System.nanoTime() - t.retryAtNanos() >= 0;
    }

    /** True when the part has a problem in effect (due for a retry or not). */
    public boolean has(Step step, String stream) {
        return tracked.containsKey(new Key(step, stream));
    }

    /** Records a permanent error of a part and schedules its retry; logs at ERROR unless it is known already. */
    public void failed(Step step, String stream, Throwable error) {
        Key key = new Key(step, stream);
        String reason = RedisFailures.describe(error);
        Tracked before = tracked.get(key);
        Backoff backoff = before != null ? before.backoff() : new Backoff(maxBackoff);
        Duration delay = backoff.nextDelay();
        Problem problem = before != null && before.problem().reason().equals(reason) ? before.problem()
                : new Problem(step, stream, reason, clock.instant());
        tracked.put(key, new Tracked(problem, backoff, System.nanoTime() + delay.toNanos()));
        if (before == null || before.problem() != problem) {
            log.error("{}: {} fails with a permanent Redis error; {}; retrying with back-off (at most {} ms apart) "
                    + "until it works: {}", owner, describe(step, stream), consequence(step), maxBackoff.toMillis(),
                    reason);
        } else {
            log.debug("{}: {} still fails (attempt {}): {}", owner, describe(step, stream), backoff.failures(), reason);
        }
    }

    /** The part worked: forgets its problem, if any (logged at INFO). */
    public void succeeded(Step step, String stream) {
        Tracked gone = tracked.remove(new Key(step, stream));
        if (gone != null) {
            log.info("{}: {} works again after {} failed attempts (was: {})", owner, describe(step, stream),
                    gone.backoff().failures(), gone.problem().reason());
        }
    }

    /** The problems in effect, oldest first. */
    public List<Problem> current() {
        return tracked.values().stream().map(Tracked::problem)
                .sorted(Comparator.comparing(Problem::since)).toList();
    }

    /** Nanoseconds until the earliest retry is due (0 if one is due now, {@code maxBackoff} if none is pending). */
    public long nanosToNextRetry() {
        long now = System.nanoTime();
        return tracked.values().stream().mapToLong(t -> Math.max(0, t.retryAtNanos() - now)).min()
                .orElse(maxBackoff.toNanos());
    }

    private static String describe(Step step, String stream) {
        return step.name().toLowerCase() + (stream == null ? "" : " of stream '" + stream + "'");
    }

    private static String consequence(Step step) {
        return switch (step) {
            case READ -> "the stream is skipped, the others go on";
            case RECLAIM -> "entries idle in other consumers' pending lists are not reclaimed meanwhile; new entries "
                    + "are still read";
            case REMOVE_CONSUMERS -> "idle consumers are not removed meanwhile";
            case LOOP -> "nothing is read meanwhile";
        };
    }
}
