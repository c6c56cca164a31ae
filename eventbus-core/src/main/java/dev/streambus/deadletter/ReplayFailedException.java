package dev.streambus.deadletter;

/**
 * Replaying a dead letter failed (e.g. the XADD was refused). The failing letter is still in the dead-letter stream;
 * {@link #partial()} lists those replayed before it.
 */
public final class ReplayFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ReplayResult partial;

    /** Creates the exception. */
    public ReplayFailedException(String message, ReplayResult partial, Throwable cause) {
        super(message, cause);
        this.partial = partial;
    }

    /** What was done before the failure. */
    public ReplayResult partial() {
        return partial;
    }
}
