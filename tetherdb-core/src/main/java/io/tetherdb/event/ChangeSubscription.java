package io.tetherdb.event;

/**
 * A running subscription to change events, returned by {@code watch}: it owns a bounded buffer and
 * one daemon delivery thread that hands the buffered events to its {@link ChangeListener}. Writers
 * only append to the buffer, never wait for the listener, and never fail because of it. Delivery
 * ends when the subscription is closed (the event being delivered completes; the rest are
 * discarded), when the store closes, or when the buffer overflows
 * ({@link ChangeListener#onFellBehind}). Thread-safe.
 *
 * @since 0.2
 */
public interface ChangeSubscription extends AutoCloseable {

    /**
     * @return the sequence number of the last event handed to the listener (filtered-out events
     *         included), or the start point if none was: where a later subscription resumes
     */
    long lastDeliveredSequence();

    /** @return whether events are still being delivered */
    boolean isActive();

    /**
     * Stops delivery; idempotent. Does not wait for a listener call in progress; see
     * {@link #awaitTermination(java.time.Duration)}.
     */
    @Override
    void close();

    /**
     * Waits for the delivery thread to end, after a close or an overflow.
     *
     * @param timeout longest wait; not null
     * @return whether it ended in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitTermination(java.time.Duration timeout) throws InterruptedException;
}
