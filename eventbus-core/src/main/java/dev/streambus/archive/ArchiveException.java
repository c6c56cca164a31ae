package dev.streambus.archive;

/** Archiving or restoring did not happen; the message says which entry and why. Nothing is lost when it is thrown. */
public class ArchiveException extends RuntimeException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
