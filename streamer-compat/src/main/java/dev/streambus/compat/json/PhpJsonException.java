package dev.streambus.compat.json;

/** A value PHP's {@code json_encode} would refuse (NaN, INF, invalid UTF-16), or text that is not JSON. */
public class PhpJsonException extends RuntimeException {
    public PhpJsonException(String message) {
        super(message);
    }

    public PhpJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
