package io.tetherdb;

import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.internal.store.PreparedRecord;

/**
 * What one write operation on a collection sees and changes, whether it runs directly on the store
 * (under the write lock, as one operation) or inside a transaction (on the transaction's snapshot and
 * buffered writes): read the current documents, then store or remove some. An operation that throws
 * leaves nothing behind in either case. Every "read, compute, write" operation (the conditional
 * replace and delete here, update operators later) is written once against this. Not thread-safe:
 * it lives for one operation.
 */
interface WriteContext {

    /** @return the current time of the store's clock, by which expiry is judged */
    long now();

    /**
     * @param id a document id
     * @return the live (unexpired) record with this id as the operation sees it, or null
     */
    byte[] current(String id);

    /**
     * Stores a new document.
     *
     * @throws DuplicateKeyException if a live document has the id (and, directly on the store, if a
     *         unique index already holds one of its keys)
     */
    void insert(PreparedRecord prepared);

    /** Stores a document whether or not its id is taken, replacing any previous one. */
    void put(PreparedRecord prepared);

    /**
     * Removes a document, expired or not.
     *
     * @return whether a live document was removed
     */
    boolean remove(String id);
}
