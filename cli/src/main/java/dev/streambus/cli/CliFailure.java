package dev.streambus.cli;

/** A command ends with one line on stderr and this exit code (no stack trace). */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
