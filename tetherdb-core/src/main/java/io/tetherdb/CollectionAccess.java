package io.tetherdb;

import java.util.function.Function;

/**
 * How a {@link TetherCollection} reaches its data: {@link DirectAccess} runs every call as its own
 * operation on the store; a transaction's access reads its snapshot and buffers the writes until it
 * commits. The collection's methods are written once against this. Thread-safety is the
 * implementation's: direct access is thread-safe, a transaction's belongs to its thread.
 */
interface CollectionAccess {

    /**
     * Refuses a write before it does anything.
     *
     * @param operation the operation, such as "put", for the message
     */
    void checkWritable(String operation);

    /**
     * Refuses a change to the collection's definition (indexes, drop) where it is not allowed.
     *
     * @param operation the operation, such as "createIndex", for the message
     */
    void checkDefinitionChange(String operation);

    /**
     * Runs one write operation, whole or not at all.
     *
     * @param operation reads and writes through the context; not null
     * @param <T> its result type
     * @return its result
     */
    <T> T write(Function<WriteContext, T> operation);

    /**
     * @return whether other writes hold or wait for the store's write lock now, so that work done
     *         before a write operation shortens the time it holds the lock; false in a transaction
     */
    default boolean writesContended() {
        return false;
    }

    /**
     * @param id a document id
     * @return the live record with this id, or null
     */
    byte[] get(String id);

    /** @return the number of live documents */
    long count();

    /**
     * Runs a read of the collection's documents.
     *
     * @param read receives the source to read, or null when the collection has no documents to read
     * @param <T> its result type
     * @return its result
     */
    <T> T query(Function<QuerySource, T> read);

    /**
     * @param db the store
     * @param name a collection name
     * @return that collection reached the same way: in the same transaction, or directly
     */
    TetherCollection sibling(TetherDB db, String name);
}
