package io.tetherdb.internal.store;

import java.util.List;
import java.util.Objects;

/**
 * What one consistency check of the store found, as {@link StoreVerifier} reports it; the facade
 * turns it into the public {@code VerifyReport}. Immutable and thread-safe.
 *
 * @param collections the number of collections checked
 * @param documents the number of documents read
 * @param indexEntries the number of index entries read
 * @param expiryEntries the number of expiry entries read
 * @param problems what is wrong, at most {@link #MAX_PROBLEMS}
 */
public record StoreVerification(int collections, long documents, long indexEntries, long expiryEntries,
        List<Problem> problems) {

    /** The most problems one run lists; the last one then says how many more were found. */
    public static final int MAX_PROBLEMS = 1000;

    /**
     * One inconsistency.
     *
     * @param collection the collection it concerns, or null for the store as a whole
     * @param message what is wrong; not null
     */
    public record Problem(String collection, String message) {

        public Problem {
            Objects.requireNonNull(message, "message must not be null");
        }
    }

    public StoreVerification {
        problems = List.copyOf(problems);
    }
}
