package io.tetherdb.error;

/**
 * Thrown by any operation on a store (or one of its collections and cursors) after the store was
 * closed.
 *
 * @since 0.1
 */
public class StoreClosedException extends TetherException {

    private static final long serialVersionUID = 1L;

    /**
     * @param store a description of the store (its file, or "in-memory"); not null
     */
    public StoreClosedException(String store) {
        super("TetherDB store " + store + " is closed");
    }

    /**
     * @param store a description of the store (its file, or "in-memory"); not null
     * @param cause the failure of an operation that the closing cut short; may be null
     */
    public StoreClosedException(String store, Throwable cause) {
        super("TetherDB store " + store + " is closed", cause);
    }
}
