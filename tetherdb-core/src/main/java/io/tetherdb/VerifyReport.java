package io.tetherdb;

import java.util.List;
import java.util.Objects;

import io.tetherdb.internal.store.StoreVerification;

/**
 * What {@link TetherDB#verify()} found: how much it checked and every inconsistency, each naming
 * the collection and the document, index entry or map concerned. A clean report means that every
 * document decodes, every index entry matches its document and every document its index entries,
 * the expiry index holds exactly the documents that expire, and the metadata names exactly the
 * maps in the file. Immutable.
 *
 * @param collections collections checked
 * @param documents stored documents checked, expired ones not yet swept included
 * @param indexEntries secondary index entries checked
 * @param expiryEntries expiry index entries checked
 * @param problems the inconsistencies found, at most {@value #MAX_PROBLEMS} (then the last one
 *        says how many more there were); empty when the store is consistent
 * @since 0.1
 */
public record VerifyReport(int collections, long documents, long indexEntries, long expiryEntries,
        List<Problem> problems) {

    /** Most problems a report lists. */
    public static final int MAX_PROBLEMS = StoreVerification.MAX_PROBLEMS;

    /**
     * One inconsistency.
     *
     * @param collection the collection concerned, or null for the store's metadata
     * @param message what is wrong and where; not null
     */
    public record Problem(String collection, String message) {

        /**
         * @param collection the collection, or null for store-wide problems
         * @param message the description; not null
         */
        public Problem {
            Objects.requireNonNull(message, "message must not be null");
        }

        @Override
        public String toString() {
            return (collection == null ? "store" : "collection '" + collection + "'") + ": " + message;
        }
    }

    /**
     * @param collections collections checked
     * @param documents documents checked
     * @param indexEntries index entries checked
     * @param expiryEntries expiry entries checked
     * @param problems the problems; not null
     */
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /** @return whether no problem was found */
    public boolean isClean() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("VerifyReport[").append(collections).append(" collections, ")
                .append(documents).append(" documents, ").append(indexEntries).append(" index entries, ")
                .append(expiryEntries).append(" expiry entries: ");
        if (problems.isEmpty()) {
            return text.append("clean]").toString();
        }
        text.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (Problem problem : problems) {
            text.append("\n  ").append(problem);
        }
        return text.append("\n]").toString();
    }
}
