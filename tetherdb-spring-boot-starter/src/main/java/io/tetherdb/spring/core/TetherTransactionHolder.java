package io.tetherdb.spring.core;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.Transaction;

import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The resource {@link TetherTransactionManager} binds to the thread for a {@link TetherDB} while a
 * transaction runs: the core {@link Transaction}. {@link #collection(TetherDB, String)} is the one
 * place where the starter resolves a collection: the bound transaction's, else the store's. Not
 * thread-safe: it belongs to the transaction's thread.
 *
 * @since 0.2
 */
public final class TetherTransactionHolder extends ResourceHolderSupport {

    private final Transaction transaction;

    TetherTransactionHolder(Transaction transaction) {
        this.transaction = transaction;
    }

    /** @return the core transaction */
    public Transaction getTransaction() {
        return this.transaction;
    }

    /**
     * @param db the store; not null
     * @return the transaction bound to the calling thread for the store, or null when none is
     */
    public static Transaction currentTransaction(TetherDB db) {
        Object resource = TransactionSynchronizationManager.getResource(db);
        if (resource instanceof TetherTransactionHolder holder && holder.transaction.isActive()) {
            return holder.transaction;
        }
        return null;
    }

    /**
     * Resolves a collection for a data access call: within the transaction bound to the thread for
     * the store, if there is one, else directly on the store.
     *
     * @param db the store; not null
     * @param name the collection's name
     * @return the collection handle
     */
    public static TetherCollection collection(TetherDB db, String name) {
        Transaction transaction = currentTransaction(db);
        return (transaction != null) ? transaction.collection(name) : db.collection(name);
    }

}
