package dev.streambus.permission;

import dev.streambus.deadletter.DeadLetterKeys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one component needs from Redis, read off the code that runs: the commands (and the scripts' inner commands,
 * which Redis checks against the same ACL) on the keys it uses. {@link PermissionCheck} probes them at start.
 *
 * @param component   who needs them, for the error message: {@code "consumer 'c1' (group 'g')"}
 * @param permissions what it needs, in order
 * @param keyHint     the ACL key patterns to suggest when the keys are not known in advance (publisher), else null
 * @param skipHint    how to switch the check off, for the error message; null when it cannot be
 */
public record RequiredPermissions(String component, List<Permission> permissions, String keyHint, String skipHint) {

    public RequiredPermissions {
        Objects.requireNonNull(component, "component");
        permissions = List.copyOf(permissions);
    }

    /**
     * A publisher: XADD (single events), scripts (publishAll's runs, history and entity-stream events), LPUSH on
     * history lists and TYPE (the script checks history list and entity stream before its first write). The streams
     * are the event names, not known before publishing: commands are probed, keys not. Keyed publishes also need GET
     * and SET on the idempotency keys; they are not probed (most publishers use none).
     */
    public static RequiredPermissions publisher() {
        return new RequiredPermissions("publisher", List.of(Permission.xadd(null), Permission.evalsha(null),
                Permission.scriptLoad(), Permission.lpush(null), Permission.type(null)),
                "~<event streams> ~<history lists, if any>", "PublisherConfig.Builder.checkPermissions(false)");
    }

    /**
     * A consumer in a group: create the group, read, acknowledge, look up delivery counts, reclaim (a script with
     * XAUTOCLAIM on Redis 7, XPENDING + XCLAIM on 6.2), delete dead consumers (a script with XINFO CONSUMERS and
     * XGROUP DELCONSUMER), recreate a vanished group after the last acknowledged id (XINFO STREAM), dead-letter to
     * {@link DeadLetterKeys#of} and record failures in {@code failedSetKey}.
     */
    public static RequiredPermissions groupConsumer(String consumer, String group, List<String> streams,
                                                    String deadLetterSuffix, String failedSetKey) {
        List<Permission> needed = new ArrayList<>();
        for (String stream : streams) {
            needed.add(Permission.xgroupCreate(stream));
            needed.addAll(groupReading(stream));
        }
        needed.addAll(scripts());
        needed.addAll(deadLettersAndFailures(streams, deadLetterSuffix, failedSetKey));
        return new RequiredPermissions("consumer '" + consumer + "' (group '" + group + "')", needed, null,
                "ConsumerConfig.Builder.checkPermissions(false)");
    }

    /** A consumer without a group: XREAD, dead letters and failure records. */
    public static RequiredPermissions tailConsumer(String consumer, List<String> streams, String deadLetterSuffix,
                                                   String failedSetKey) {
        List<Permission> needed = new ArrayList<>();
        streams.forEach(stream -> needed.add(Permission.xread(stream)));
        needed.addAll(deadLettersAndFailures(streams, deadLetterSuffix, failedSetKey));
        return new RequiredPermissions("consumer '" + consumer + "' (no group)", needed, null,
                "ConsumerConfig.Builder.checkPermissions(false)");
    }

    /**
     * A projection runner: its live group as a group consumer does (without dead letters: failures go to the
     * database), plus XRANGE/XLEN for catch-up and rebuilds and XGROUP SETID to hand over to live.
     */
    public static RequiredPermissions projection(String projection, String group, List<String> streams) {
        List<Permission> needed = new ArrayList<>();
        for (String stream : streams) {
            needed.addAll(List.of(Permission.xrange(stream), Permission.xlen(stream),
                    Permission.xgroupCreate(stream), Permission.xgroupSetid(stream)));
            needed.addAll(groupReading(stream));
        }
        needed.add(Permission.time());
        needed.addAll(scripts());
        return new RequiredPermissions("projection '" + projection + "' (group '" + group + "')", needed, null,
                "RunnerConfig.Builder.checkPermissions(false)");
    }

    /**
     * The read-only status view ({@code BusInspector.status}, {@code streambus status}): a read-only script with
     * TYPE and XINFO per stream, XLEN of its dead-letter streams (current and legacy), SCAN to find streams.
     */
    public static RequiredPermissions status(List<String> streams, String deadLetterSuffix) {
        List<Permission> needed = new ArrayList<>();
        for (String stream : streams) {
            needed.addAll(List.of(Permission.evalsha(stream), Permission.evalshaRo(stream), Permission.type(stream),
                    Permission.xinfo(stream)));
            new DeadLetterKeys(deadLetterSuffix).all(stream).forEach(key -> needed.add(Permission.xlen(key)));
        }
        needed.addAll(List.of(Permission.scriptLoad(), Permission.scan()));
        return new RequiredPermissions("status", needed, null, null);
    }

    /** What reading a stream as a group member takes (GroupSource): read, ack, pending, reclaim, reaper, recreation. */
    private static List<Permission> groupReading(String stream) {
        return List.of(Permission.xreadgroup(stream), Permission.xack(stream), Permission.xpending(stream),
                Permission.xclaim(stream), Permission.xautoclaim(stream), Permission.xinfo(stream),
                Permission.xgroupDelconsumer(stream), Permission.evalsha(stream));
    }

    private static List<Permission> scripts() {
        return List.of(Permission.evalshaRo(null), Permission.scriptLoad());
    }

    private static List<Permission> deadLettersAndFailures(List<String> streams, String deadLetterSuffix,
                                                           String failedSetKey) {
        List<Permission> needed = new ArrayList<>();
        DeadLetterKeys deadLetters = new DeadLetterKeys(deadLetterSuffix);
        streams.forEach(stream -> needed.add(Permission.xadd(deadLetters.of(stream))));
        // FailureRecorder's script keeps one member per entry and listener: SSCAN for the old one, SREM, SADD
        needed.addAll(List.of(Permission.evalsha(failedSetKey), Permission.sscan(failedSetKey),
                Permission.srem(failedSetKey), Permission.sadd(failedSetKey)));
        return needed;
    }

    /** The distinct keys, in order of first use. */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        permissions.forEach(p -> {
            if (p.key() != null) {
                keys.add(p.key());
            }
        });
        return keys;
    }
}
