package io.tetherdb.error;

/**
 * Thrown when a transaction is used in a way its state does not allow: after it committed or rolled
 * back, from a thread other than the one it belongs to, while it is suspended, for a write when it is
 * read-only, for index or collection definition changes, or when a thread that already has an open
 * transaction on the store begins or resumes another. The call does nothing.
 *
 * @since 0.2
 */
public class TransactionStateException extends TransactionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused and why; never null
     */
    public TransactionStateException(String message) {
        super(message);
    }
}
