package io.tetherdb.event;

import io.tetherdb.error.TetherException;

/**
 * Thrown by {@code watch} when asked to resume after a sequence number whose next changes the store
 * no longer holds: the change history was pruned past it by its retention, is not kept at all, or
 * the sequence number is ahead of the store's last change. Nothing is subscribed. Immutable.
 *
 * @since 0.2
 */
public class ChangeHistoryGoneException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final long requested;
    private final long oldestRetained;
    private final long current;

    /**
     * @param message what is missing and why
     * @param requested the sequence number asked to resume after
     * @param oldestRetained the oldest sequence number the history holds, 0 if it holds none
     * @param current the sequence number of the store's last change
     */
    public ChangeHistoryGoneException(String message, long requested, long oldestRetained, long current) {
        super(message);
        this.requested = requested;
        this.oldestRetained = oldestRetained;
        this.current = current;
    }

    /** @return the sequence number asked to resume after */
    public long requested() {
        return requested;
    }

    /** @return the oldest sequence number the history holds, 0 if it holds none */
    public long oldestRetained() {
        return oldestRetained;
    }

    /** @return the sequence number of the store's last change */
    public long current() {
        return current;
    }
}
