package io.tetherdb.error;

/**
 * Thrown by a write inside a transaction that would make the transaction's buffered records larger
 * than the store's {@code transactionSizeLimit}. That write is not buffered; the transaction stays
 * usable with its earlier writes, and may commit them or roll back.
 *
 * @since 0.2
 */
public class TransactionTooLargeException extends TransactionException {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /**
     * @param message what was refused and where; not null
     * @param size the buffered size in bytes the write would have reached
     * @param limit the limit in bytes
     */
    public TransactionTooLargeException(String message, long size, long limit) {
        super(message);
        this.size = size;
        this.limit = limit;
    }

    /** @return the buffered size in bytes the refused write would have reached */
    public long size() {
        return size;
    }

    /** @return the store's transaction size limit in bytes */
    public long limit() {
        return limit;
    }
}
