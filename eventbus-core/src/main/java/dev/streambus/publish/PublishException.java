package dev.streambus.publish;

/** An event was not stored. The message names the stream; it never contains credentials. */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
