package io.tetherdb.event;

/**
 * Receives the events of one subscription, one at a time, in commit order, on the subscription's
 * own delivery thread (never a writer's). An exception it throws is caught: the event counts as
 * delivered and delivery goes on with the next one. It may block; writers do not wait for it, but
 * its buffer fills meanwhile (see {@link #onFellBehind}). Implementations need not be thread-safe
 * unless shared between subscriptions.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface ChangeListener {

    /**
     * @param event the next change; not null
     */
    void onChange(ChangeEvent event);

    /**
     * Called once, as the last call, when the subscription's buffer overflowed because the listener
     * fell behind the writers: the events still buffered are discarded and the subscription is
     * closed. To go on, watch again with {@link WatchOptions#resumeAfter(long)
     * resumeAfter(signal.lastDeliveredSequence())}; that needs the change history
     * ({@code TetherDBBuilder.changeHistory}) to still hold the next change. Does nothing by
     * default.
     *
     * @param signal the sequence number of the last event delivered, and the buffer's size; not null
     */
    default void onFellBehind(SubscriberFellBehindException signal) {
    }
}
