package io.tetherdb;

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
     * For subclasses that say why the store is closed.
     *
     * @param message the full message; not null
     * @param cause the underlying failure; may be null
     */
    protected StoreClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
