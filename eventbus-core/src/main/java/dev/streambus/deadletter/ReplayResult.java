package dev.streambus.deadletter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a replay did.
 *
 * @param replayed    letters put back on their stream (and removed from the dead-letter stream), in order
 * @param notReplayed dead-letter ids left alone (in order), with why: not found (already replayed or deleted), or no original
 *                    fields to replay
 */
public record ReplayResult(List<Replayed> replayed, Map<String, String> notReplayed) {

    /** Copies both. */
    public ReplayResult {
        replayed = List.copyOf(replayed);
        notReplayed = Collections.unmodifiableMap(new LinkedHashMap<>(notReplayed));
    }

    /**
     * One letter put back.
     *
     * @param deadLetterId its id in the dead-letter stream (now deleted there)
     * @param originalId   the id it had originally, now in the new entry's {@code original_id} field
     * @param newId        the new entry's id in the original stream
     */
    public record Replayed(String deadLetterId, String originalId, String newId) {
        /** Validates. */
        public Replayed {
            Objects.requireNonNull(deadLetterId, "deadLetterId");
            Objects.requireNonNull(originalId, "originalId");
            Objects.requireNonNull(newId, "newId");
        }
    }
}
