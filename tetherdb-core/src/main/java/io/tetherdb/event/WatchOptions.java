package io.tetherdb.event;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Predicate;

import io.tetherdb.query.Filter;

/**
 * What a subscription delivers and from where: each method returns a new, checked copy, so an
 * instance may be shared. By default a subscription starts now, delivers the document after each
 * change but not before it, passes every event, and buffers up to {@value #DEFAULT_BUFFER_SIZE}
 * events. Filters run on the delivery thread, never on a writer's. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class WatchOptions {

    /** Default buffer capacity of a subscriber, in events. */
    public static final int DEFAULT_BUFFER_SIZE = 10_000;

    private static final WatchOptions DEFAULTS = new WatchOptions(true, false, null, null, -1, DEFAULT_BUFFER_SIZE);

    private final boolean fullDocument;
    private final boolean fullDocumentBefore;
    private final Filter documentFilter;
    private final Predicate<ChangeEvent> eventFilter;
    private final long resumeAfter;
    private final int bufferSize;

    private WatchOptions(boolean fullDocument, boolean fullDocumentBefore, Filter documentFilter,
            Predicate<ChangeEvent> eventFilter, long resumeAfter, int bufferSize) {
        this.fullDocument = fullDocument;
        this.fullDocumentBefore = fullDocumentBefore;
        this.documentFilter = documentFilter;
        this.eventFilter = eventFilter;
        this.resumeAfter = resumeAfter;
        this.bufferSize = bufferSize;
    }

    /** @return the default options */
    public static WatchOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param on whether events carry the document after the change (on by default)
     * @return the new options
     */
    public WatchOptions fullDocument(boolean on) {
        return new WatchOptions(on, fullDocumentBefore, documentFilter, eventFilter, resumeAfter, bufferSize);
    }

    /**
     * @param on whether events carry the document before the change (off by default); for an expiry
     *        it is the document as it was when it expired
     * @return the new options
     */
    public WatchOptions fullDocumentBefore(boolean on) {
        return new WatchOptions(fullDocument, on, documentFilter, eventFilter, resumeAfter, bufferSize);
    }

    /**
     * Passes only events whose document matches a filter: the document after the change, or for a
     * delete or an expiry the document before it. Drops always pass. Whether or not events carry
     * the documents, the filter sees them.
     *
     * @param filter the filter; null for none
     * @return the new options
     */
    public WatchOptions documentFilter(Filter filter) {
        return new WatchOptions(fullDocument, fullDocumentBefore, filter, eventFilter, resumeAfter, bufferSize);
    }

    /**
     * Passes only events the predicate accepts, tested after the document filter. It runs on the
     * delivery thread; an exception it throws counts as a listener failure (the event is skipped).
     *
     * @param filter the predicate; null for none
     * @return the new options
     */
    public WatchOptions eventFilter(Predicate<ChangeEvent> filter) {
        return new WatchOptions(fullDocument, fullDocumentBefore, documentFilter, filter, resumeAfter, bufferSize);
    }

    /**
     * Starts with the change after the given sequence number, replaying from the store's change
     * history the ones committed before the subscription, then going on live. 0 replays the whole
     * history from the store's first change.
     *
     * @param sequence the last sequence number already seen; not negative
     * @return the new options
     * @throws IllegalArgumentException if it is negative
     */
    public WatchOptions resumeAfter(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("resumeAfter must not be negative but was " + sequence);
        }
        return new WatchOptions(fullDocument, fullDocumentBefore, documentFilter, eventFilter, sequence, bufferSize);
    }

    /**
     * @param events the buffer's capacity: how many events may wait for a slow listener before the
     *        subscriber is told it fell behind; at least 1
     * @return the new options
     * @throws IllegalArgumentException if it is below 1
     */
    public WatchOptions bufferSize(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1 but was " + events);
        }
        return new WatchOptions(fullDocument, fullDocumentBefore, documentFilter, eventFilter, resumeAfter, events);
    }

    /** @return whether events carry the document after the change */
    public boolean isFullDocument() {
        return fullDocument;
    }

    /** @return whether events carry the document before the change */
    public boolean isFullDocumentBefore() {
        return fullDocumentBefore;
    }

    /** @return the document filter, or null */
    public Filter documentFilter() {
        return documentFilter;
    }

    /** @return the event predicate, or null */
    public Predicate<ChangeEvent> eventFilter() {
        return eventFilter;
    }

    /** @return the sequence number to resume after, or empty to start now */
    public OptionalLong resumeAfter() {
        return resumeAfter < 0 ? OptionalLong.empty() : OptionalLong.of(resumeAfter);
    }

    /** @return the buffer's capacity, in events */
    public int bufferSize() {
        return bufferSize;
    }

    @Override
    public String toString() {
        return "WatchOptions[fullDocument=" + fullDocument + ", fullDocumentBefore=" + fullDocumentBefore
                + ", documentFilter=" + documentFilter + ", eventFilter=" + (eventFilter != null) + ", resumeAfter="
                + resumeAfter().stream().boxed().findFirst().map(Object::toString).orElse("now") + ", bufferSize="
                + bufferSize + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WatchOptions other && fullDocument == other.fullDocument
                && fullDocumentBefore == other.fullDocumentBefore && Objects.equals(documentFilter, other.documentFilter)
                && Objects.equals(eventFilter, other.eventFilter) && resumeAfter == other.resumeAfter
                && bufferSize == other.bufferSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fullDocument, fullDocumentBefore, documentFilter, eventFilter, resumeAfter, bufferSize);
    }
}
