package dev.streambus.archive;

import java.util.List;
import java.util.Optional;

/**
 * Where archived entries are kept (Laravel Streamer's {@code ArchiveStorage} contract). Implementations must be
 * thread-safe and keep at most one message per {@code (stream, id)}.
 */
public interface ArchiveStorage {

    /**
     * Stores a message.
     *
     * @throws ArchiveException when it could not be stored (e.g. the same stream and id is already archived)
     */
    void create(ArchivedMessage message);

    /** The message archived from {@code stream} with this entry id. */
    Optional<ArchivedMessage> find(String stream, String id);

    /** Every message archived from {@code stream}, in archiving order. */
    List<ArchivedMessage> findMany(String stream);

    /** Every archived message, in archiving order. */
    List<ArchivedMessage> all();

    /** Deletes one message; true when it was there. */
    boolean delete(String stream, String id);
}
