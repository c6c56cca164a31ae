package dev.streambus.redis.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The one place that turns what Redisson threw into a message a person can act on: the Redis error code and text
 * ({@code "NOPERM this user has no permissions to run the 'evalsha' command"}), or the transport failure in a few
 * words, never Redisson's channel dump, the command's arguments or a script's Lua source. Callers put what they were
 * doing and on which stream in front, and keep the original exception as the cause for debugging.
 */
public final class RedisFailures {

    /** Longest text {@link #describe} returns; longer server texts are cut with "...". */
    static final int MAX_LENGTH = 300;

    /** Where Redisson's decoration starts (lower case): everything from the first of these on is dropped. */
    private static final List<String> DECORATIONS = List.of(" channel: [", "channel: [id:", " command: (",
            "command: (", " params: [", " node source:", " redis client: [", " connection: ", "redisconnection@");

    /** A Redis error reply starts with its code in capitals: NOPERM, ERR, WRONGTYPE, NOGROUP, NOSCRIPT, ... */
    private static final Pattern ERROR_REPLY = Pattern.compile("^[A-Z][A-Z_-]{1,30} ");

    private static final Pattern CLASS_PREFIX =
            Pattern.compile("^([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error): ");

    private RedisFailures() {
    }

    /**
     * What went wrong, in one short line: the first Redis error reply found in {@code error}'s causes (tidied), else
     * the innermost message (tidied), else the exception's simple class name.
     */
    public static String describe(Throwable error) {
        Throwable top = unwrap(error);
        Throwable innermost = null;
        for (Throwable t : causes(top)) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                continue;
            }
            String text = tidy(message);
            if (isErrorReply(text)) {
                return text;
            }
            innermost = t;
        }
        return innermost == null ? top.getClass().getSimpleName() : tidy(innermost.getMessage());
    }

    /** Whether {@code error} (or a cause) is Redis refusing a command or key to this ACL user ({@code NOPERM}). */
    public static boolean isNoPermission(Throwable error) {
        for (Throwable t : causes(unwrap(error))) {
            if (t.getMessage() != null && t.getMessage().toUpperCase(Locale.ROOT).startsWith("NOPERM")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line of {@code message} without Redisson's decoration: {@code "org.redisson...Exception: NOPERM ...
     * channel: [id: ...] command: (EVALSHA, cached script: local ...), params: [...]"} becomes {@code "NOPERM ..."}.
     */
    public static String tidy(String message) {
        String text = CLASS_PREFIX.matcher(String.valueOf(message)).replaceFirst("");
        int end = text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String decoration : DECORATIONS) {
            int at = lower.indexOf(decoration);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        text = text.substring(0, end).strip();
        if (text.endsWith(" for")) {
            text = text.substring(0, text.length() - " for".length());
        }
        while (text.endsWith(".") || text.endsWith(",")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
    }

    /** {@code error} without {@link CompletionException}/{@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether {@code message} is a Redis error reply: its upper-case code, a space, the text ({@code ERR ...}). */
    public static boolean isErrorReply(String message) {
        return message != null && ERROR_REPLY.matcher(message).lookingAt();
    }

    /** {@code error} and its causes, outermost first; the walk ends at a cause that is its own cause, or a repeat. */
    public static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
