package io.tetherdb.internal.store;

import java.util.List;

/**
 * Receives the changes of each completed write operation, in commit order, on the writing thread
 * under the store's write lock: an implementation must only hand them over (to a bounded queue, say)
 * and return at once, and must not throw.
 */
public interface ChangeSink {

    /**
     * @param changes one operation's changes with their sequence numbers, in order; not empty; the
     *        list must not be changed
     */
    void accept(List<ChangeRecord> changes);

    /**
     * Called once when the store closes, after its last write operation: no changes follow. Must
     * return at once.
     */
    default void storeClosed() {
    }
}
