package dev.streambus.permission;

import java.util.List;
import java.util.Objects;

/**
 * One Redis command a component needs, on one key, and a harmless form of it that proves the ACL user may run it.
 * Redis checks the ACL (command, then keys) before anything else, so a probe is answered {@code NOPERM} exactly when
 * the real command would be; every probe is built so that, when allowed, it changes nothing (an invalid argument, a
 * group that does not exist, an empty range).
 *
 * @param command  the ACL name, as {@code ACL SETUSER} takes it: {@code xadd}, {@code xgroup|create}, ...
 * @param category the ACL category it belongs to, for people: {@code @stream}, {@code @scripting}, ...
 * @param key      the key it runs on, null when key-less or not known in advance
 * @param probe    the command words to send, or empty when it has no harmless form (then it is only listed in the
 *                 suggested ACL line, not checked)
 */
public record Permission(String command, String category, String key, List<String> probe) {

    /** A group name no application uses: commands against it answer NOGROUP instead of acting. */
    static final String PROBE_GROUP = "streambus-permission-probe";
    private static final String PROBE_CONSUMER = "probe";
    private static final String NO_SCRIPT = "0000000000000000000000000000000000000000";

    public Permission {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(category, "category");
        probe = List.copyOf(probe);
    }

    /** Whether it is checked by a probe (else only listed in the ACL line). */
    public boolean probed() {
        return !probe.isEmpty();
    }

    /** XADD; a null key (not known in advance) probes only the command, on a key no application uses. */
    static Permission xadd(String key) {
        return new Permission("xadd", "@stream", key, List.of("XADD", key == null ? PROBE_GROUP : key, "MAXLEN",
                "not-a-number", "*", "f", "v"));
    }

    static Permission xgroupCreate(String key) {
        return new Permission("xgroup|create", "@stream", key,
                List.of("XGROUP", "CREATE", key, PROBE_GROUP, "not-an-id", "MKSTREAM"));
    }

    static Permission xgroupSetid(String key) {
        return new Permission("xgroup|setid", "@stream", key,
                List.of("XGROUP", "SETID", key, PROBE_GROUP, "not-an-id"));
    }

    static Permission xgroupDelconsumer(String key) {
        return new Permission("xgroup|delconsumer", "@stream", key,
                List.of("XGROUP", "DELCONSUMER", key, PROBE_GROUP, PROBE_CONSUMER));
    }

    static Permission xreadgroup(String key) {
        return new Permission("xreadgroup", "@stream", key,
                List.of("XREADGROUP", "GROUP", PROBE_GROUP, PROBE_CONSUMER, "COUNT", "1", "STREAMS", key, ">"));
    }

    static Permission xack(String key) {
        return new Permission("xack", "@stream", key, List.of("XACK", key, PROBE_GROUP, "0-0"));
    }

    static Permission xpending(String key) {
        return new Permission("xpending", "@stream", key, List.of("XPENDING", key, PROBE_GROUP));
    }

    static Permission xclaim(String key) {
        return new Permission("xclaim", "@stream", key,
                List.of("XCLAIM", key, PROBE_GROUP, PROBE_CONSUMER, "0", "0-0"));
    }

    static Permission xautoclaim(String key) {
        return new Permission("xautoclaim", "@stream", key,
                List.of("XAUTOCLAIM", key, PROBE_GROUP, PROBE_CONSUMER, "0", "0-0", "COUNT", "1"));
    }

    static Permission xinfo(String key) {
        return new Permission("xinfo", "@stream", key, List.of("XINFO", "CONSUMERS", key, PROBE_GROUP));
    }

    /** The server clock: where a projection's replay cuts the streams (no key). */
    static Permission time() {
        return new Permission("time", "@fast", null, List.of("TIME"));
    }

    static Permission xrange(String key) {
        return new Permission("xrange", "@stream", key, List.of("XRANGE", key, "+", "-", "COUNT", "1"));
    }

    static Permission xread(String key) {
        return new Permission("xread", "@stream", key,
                List.of("XREAD", "COUNT", "1", "STREAMS", key, "18446744073709551615-18446744073709551615"));
    }

    static Permission xlen(String key) {
        return new Permission("xlen", "@stream", key, List.of("XLEN", key));
    }

    static Permission type(String key) {
        return new Permission("type", "@keyspace", key, List.of("TYPE", key == null ? PROBE_GROUP : key));
    }

    /** Redisson runs every script as EVALSHA (loading it first when the server does not have it). */
    static Permission evalsha(String key) {
        return new Permission("evalsha", "@scripting", key, key == null
                ? List.of("EVALSHA", NO_SCRIPT, "0") : List.of("EVALSHA", NO_SCRIPT, "1", key));
    }

    /** Redisson's read-only scripts on Redis 7 (unknown on 6.2, where it is left out). */
    static Permission evalshaRo(String key) {
        return new Permission("evalsha_ro", "@scripting", key, key == null
                ? List.of("EVALSHA_RO", NO_SCRIPT, "0") : List.of("EVALSHA_RO", NO_SCRIPT, "1", key));
    }

    static Permission scriptLoad() {
        return new Permission("script|load", "@scripting", null, List.of("SCRIPT", "LOAD", "return 1"));
    }

    static Permission scan() {
        return new Permission("scan", "@keyspace", null, List.of("SCAN", "0", "MATCH", PROBE_GROUP, "COUNT", "1"));
    }

    /** SADD has no harmless form: listed, not probed. */
    static Permission sadd(String key) {
        return new Permission("sadd", "@set", key, List.of());
    }

    /** SREM has no harmless form: listed, not probed. */
    static Permission srem(String key) {
        return new Permission("srem", "@set", key, List.of());
    }

    static Permission sscan(String key) {
        return new Permission("sscan", "@set", key, List.of("SSCAN", key, "0", "MATCH", PROBE_GROUP, "COUNT", "1"));
    }

    /** LPUSH has no harmless form: listed, not probed. */
    static Permission lpush(String key) {
        return new Permission("lpush", "@list", key, List.of());
    }

    static Permission lrange(String key) {
        return new Permission("lrange", "@list", key, List.of("LRANGE", key, "1", "0"));
    }
}
