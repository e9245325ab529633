package io.tetherdb.error;

import java.util.Objects;

/**
 * Thrown by a transaction's commit when another operation wrote a document that the transaction
 * writes (or dropped its collection) after the transaction began: the transaction is rolled back
 * and none of its writes are applied. The failure is transient: running the whole transaction again,
 * from its beginning, usually succeeds, which is what {@code TetherDB.transaction(...)} callers and
 * Spring's retry support do.
 *
 * @since 0.2
 */
public class TransactionConflictException extends TransactionException {

    private static final long serialVersionUID = 1L;

    private final String collection;
    private final String id;

    /**
     * @param collection the collection of the conflicting document; not null
     * @param id the conflicting document's id; not null
     * @param message what happened; not null
     */
    public TransactionConflictException(String collection, String id, String message) {
        super(message);
        this.collection = Objects.requireNonNull(collection, "collection must not be null");
        this.id = Objects.requireNonNull(id, "id must not be null");
    }

    /** @return the collection of the document both wrote */
    public String collection() {
        return collection;
    }

    /** @return the id of the document both wrote */
    public String id() {
        return id;
    }

    /** @return always true: the transaction may be run again from its beginning */
    public boolean isRetryable() {
        return true;
    }
}
