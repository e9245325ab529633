package io.tetherdb.error;

import java.time.Duration;

/**
 * Thrown when a transaction is used, or committed, after it has been open longer than its timeout
 * (its {@code TransactionOptions.timeout}, else the store's {@code transactionMaxAge}). Such a
 * transaction has been rolled back and its snapshot released, so that it cannot keep old pages of the
 * file from being reused; none of its writes are applied.
 *
 * @since 0.2
 */
public class TransactionTimeoutException extends TransactionException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param message what was refused; not null
     * @param timeout the time the transaction was allowed; not null
     */
    public TransactionTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** @return the time the transaction was allowed to stay open */
    public Duration timeout() {
        return timeout;
    }
}
