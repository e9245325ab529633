package io.tetherdb.error;

/**
 * Root of the exceptions about a {@code io.tetherdb.Transaction} itself: a conflict at commit, a
 * transaction too large, too old, or used in a state or from a thread that does not allow it.
 * Whenever one of them is thrown, nothing of the transaction is applied to the store.
 *
 * @since 0.2
 */
public class TransactionException extends TetherException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and where; never null
     */
    public TransactionException(String message) {
        super(message);
    }
}
