package io.tetherdb.event;

import io.tetherdb.error.TetherException;

/**
 * The signal, passed to {@link ChangeListener#onFellBehind}, that a subscriber's buffer overflowed
 * and its subscription was closed; it says where to resume. Immutable.
 *
 * @since 0.2
 */
public class SubscriberFellBehindException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final long lastDeliveredSequence;
    private final int bufferSize;

    /**
     * @param lastDeliveredSequence the sequence number of the last event handed to the listener, or
     *        the subscription's start point if none was
     * @param bufferSize the buffer's capacity, in events
     */
    public SubscriberFellBehindException(long lastDeliveredSequence, int bufferSize) {
        super("The change subscriber fell behind: more than " + bufferSize + " events waited for its listener, so"
                + " its subscription was closed after the event with sequence number " + lastDeliveredSequence
                + "; watch again with WatchOptions.resumeAfter(" + lastDeliveredSequence + ") to go on");
        this.lastDeliveredSequence = lastDeliveredSequence;
        this.bufferSize = bufferSize;
    }

    /** @return the sequence number to resume after */
    public long lastDeliveredSequence() {
        return lastDeliveredSequence;
    }

    /** @return the buffer's capacity, in events */
    public int bufferSize() {
        return bufferSize;
    }
}
