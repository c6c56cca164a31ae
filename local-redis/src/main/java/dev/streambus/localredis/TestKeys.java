package dev.streambus.localredis;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Unique, recorded key names for one test, so tests can share a Redis without colliding or leaking.
 *
 * <p>Every key has the test's prefix {@code t:<TestClass>:<method>:<random6>:}; {@link #stream(String)} and
 * {@link #key(String)} record the names they hand out. {@link RedisExtension} deletes all recorded keys and every key
 * matching {@code <prefix>*} or <code>{&lt;prefix&gt;*</code> (found with SCAN, never KEYS) after the test. Thread-safe.
 */
public final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String prefix;
    private final String token;
    private final String method;
    private final Set<String> recorded = Collections.synchronizedSet(new LinkedHashSet<>());

    private TestKeys(String testClass, String method) {
        this.token = random6();
        this.method = sanitize(method);
        this.prefix = "t:" + sanitize(testClass) + ":" + this.method + ":" + token + ":";
    }

    /** Names for a test; {@code testClass} and {@code method} are only used to make names readable. */
    public static TestKeys forTest(String testClass, String method) {
        return new TestKeys(testClass, method);
    }

    /** A unique stream key, e.g. {@code t:OrdersTest:replays:k3x9q2:orders}; recorded for cleanup. */
    public String stream(String base) {
        return key(base);
    }

    /** A unique key of any type; recorded for cleanup. */
    public String key(String base) {
        String key = prefix + requireBase(base);
        recorded.add(key);
        return key;
    }

    /**
     * A unique non-key name (consumer group, consumer), e.g. {@code replays-k3x9q2-workers}. Not a key, so not recorded.
     */
    public String name(String base) {
        return method + "-" + token + "-" + requireBase(base);
    }

    /** The prefix shared by all keys of this test, ending in {@code :}. */
    public String prefix() {
        return prefix;
    }

    /** The SCAN MATCH pattern for {@link #prefix()}, glob characters escaped. */
    public String matchPattern() {
        StringBuilder sb = new StringBuilder();
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('*').toString();
    }

    /**
     * The SCAN MATCH patterns for all keys of this test: {@link #matchPattern()} and the same wrapped as a hash tag
     * ({@code {<prefix>...}...}), as keys named to share a stream's Redis Cluster slot are (e.g. dead letters).
     */
    public List<String> matchPatterns() {
        return List.of(matchPattern(), "{" + matchPattern());
    }

    /** The keys handed out so far, in order. */
    public List<String> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    @Override
    public String toString() {
        return "TestKeys[" + prefix + "*, " + recorded.size() + " recorded]";
    }

    private static String requireBase(String base) {
        if (base == null || base.isEmpty()) {
            throw new IllegalArgumentException("key base name must not be empty");
        }
        return base;
    }

    private static String sanitize(String s) {
        return s == null || s.isEmpty() ? "_" : s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String random6() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
