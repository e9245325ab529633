package io.tetherdb.update;

import java.util.Optional;

/**
 * What an update or replacement did: how many documents matched its filter, how many of them it
 * changed (a document the update leaves as it was is matched but not modified), and the id of the
 * document an upsert inserted. Immutable and thread-safe.
 *
 * @param matchedCount the number of live documents that matched
 * @param modifiedCount the number of documents changed
 * @param upsertedId the id of the inserted document, or null when nothing was inserted
 * @since 0.2
 */
public record UpdateResult(long matchedCount, long modifiedCount, String upsertedId) {

    /** @return the id of the inserted document, if an upsert inserted one */
    public Optional<String> upserted() {
        return Optional.ofNullable(upsertedId);
    }
}
