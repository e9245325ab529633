package io.tetherdb.event;

/**
 * Who removed an expired document, for an {@link ChangeKind#EXPIRE} event. A document's expiry
 * event is sent when it is physically removed, not at the moment its time-to-live passes: reads
 * skip expired documents without removing them, so between the two the document is invisible and
 * no event has been sent yet. Immutable.
 *
 * @since 0.2
 */
public enum ExpiryCause {
    /**
     * The expiry sweep removed it: the background sweep ({@code cleanupInterval}), the sweep at
     * open, or {@code cleanup()}. The delay after the expiry time is at most the sweep interval.
     */
    SWEEP,
    /**
     * A write met the expired document before the sweep did and removed it: an insert or upsert of
     * its id (followed by that write's own {@link ChangeKind#INSERT} event), a delete by id or
     * filter, a transaction's commit that writes it, or an index build.
     */
    WRITE
}
