package dev.streambus.projection.status;

/**
 * Why a build stopped.
 *
 * @param projection projection name
 * @param stream     stream of the entry that could not be applied, or null
 * @param entryId    its id, or null
 * @param cause      the error
 */
public record FailureStatus(String projection, String stream, String entryId, String cause) {
}
