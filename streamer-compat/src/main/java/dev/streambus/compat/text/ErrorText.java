package dev.streambus.compat.text;

/**
 * The one place that turns a {@link Throwable} into text for a log line, an exception message or a stored reason.
 * The message is {@linkplain Printable#message escaped and bounded} (it may echo entry data). What Redis or Redisson
 * threw is described by {@code RedisFailures.describe} instead, which also strips Redisson's command dump.
 */
public final class ErrorText {

    /** Longest {@link #chain} before it stops adding causes. */
    private static final int CHAIN_LENGTH = 1_000;

    private ErrorText() {
    }

    /**
     * Its message (escaped, bounded), or its class name when it has none: the {@code error} Laravel Streamer records
     * in {@code failed_stream}.
     */
    public static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName() : Printable.message(error.getMessage());
    }

    /** {@code SimpleClassName: message} (escaped, bounded), or its class name when it has no message. */
    public static String line(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName()
                : error.getClass().getSimpleName() + ": " + Printable.message(error.getMessage());
    }

    /** The {@link #line} of {@code error} and of each of its causes, joined by {@code " <- "}; bounded. */
    public static String chain(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(line(t));
            if (sb.length() > CHAIN_LENGTH) {
                break;
            }
        }
        return sb.toString();
    }
}
