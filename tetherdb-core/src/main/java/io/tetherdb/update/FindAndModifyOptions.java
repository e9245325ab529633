package io.tetherdb.update;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;

/**
 * Options of {@code findOneAndUpdate}, {@code findOneAndReplace} and {@code findOneAndDelete}: the
 * order that picks the document, the projection of the returned document, whether it is returned
 * as it was before or after the change, and the {@link UpdateOptions} of the change itself (upsert,
 * array filters, expiry, time limit). Immutable: every method returns a new instance. Thread-safe.
 *
 * @since 0.2
 */
public final class FindAndModifyOptions {

    private static final FindAndModifyOptions DEFAULTS = new FindAndModifyOptions(UpdateOptions.defaults(),
            Projection.all(), ReturnDocument.BEFORE);

    private final UpdateOptions update;
    private final Projection projection;
    private final ReturnDocument returnDocument;

    private FindAndModifyOptions(UpdateOptions update, Projection projection, ReturnDocument returnDocument) {
        this.update = update;
        this.projection = projection;
        this.returnDocument = returnDocument;
    }

    /** @return unsorted, whole documents, returned as they were before the change, no upsert */
    public static FindAndModifyOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param sort which matching document to change: the first in this order; not null
     * @return a copy with that order
     */
    public FindAndModifyOptions sort(Sort sort) {
        return new FindAndModifyOptions(update.sort(sort), projection, returnDocument);
    }

    /**
     * @param sort the order as relaxed JSON; not null
     * @return a copy with that order
     */
    public FindAndModifyOptions sort(String sort) {
        return new FindAndModifyOptions(update.sort(sort), projection, returnDocument);
    }

    /**
     * @param projection the fields of the returned document; not null
     * @return a copy with that projection
     */
    public FindAndModifyOptions projection(Projection projection) {
        return new FindAndModifyOptions(update, Objects.requireNonNull(projection, "projection must not be null"),
                returnDocument);
    }

    /**
     * @param projection the projection as relaxed JSON; not null
     * @return a copy with that projection
     */
    public FindAndModifyOptions projection(String projection) {
        return projection(Projection.parse(Objects.requireNonNull(projection, "projection must not be null")));
    }

    /**
     * @param returnDocument whether to return the document before or after the change; not null
     * @return a copy with that choice
     */
    public FindAndModifyOptions returnDocument(ReturnDocument returnDocument) {
        return new FindAndModifyOptions(update, projection,
                Objects.requireNonNull(returnDocument, "returnDocument must not be null"));
    }

    /**
     * @param upsert whether to insert when nothing matches (not for {@code findOneAndDelete})
     * @return a copy with that setting
     */
    public FindAndModifyOptions upsert(boolean upsert) {
        return new FindAndModifyOptions(update.upsert(upsert), projection, returnDocument);
    }

    /**
     * @param filters the array filters; see {@link UpdateOptions#arrayFilters(List)}
     * @return a copy with those filters
     */
    public FindAndModifyOptions arrayFilters(List<? extends Map<String, ?>> filters) {
        return new FindAndModifyOptions(update.arrayFilters(filters), projection, returnDocument);
    }

    /**
     * @param ttl the changed document's new time-to-live; see {@link UpdateOptions#ttl(Duration)}
     * @return a copy with that expiry
     */
    public FindAndModifyOptions ttl(Duration ttl) {
        return new FindAndModifyOptions(update.ttl(ttl), projection, returnDocument);
    }

    /**
     * @param instant the changed document's new expiry; see {@link UpdateOptions#expireAt(Instant)}
     * @return a copy with that expiry
     */
    public FindAndModifyOptions expireAt(Instant instant) {
        return new FindAndModifyOptions(update.expireAt(instant), projection, returnDocument);
    }

    /**
     * @param maxTime the operation's time limit; see {@link UpdateOptions#maxTime(Duration)}
     * @return a copy with that limit
     */
    public FindAndModifyOptions maxTime(Duration maxTime) {
        return new FindAndModifyOptions(update.maxTime(maxTime), projection, returnDocument);
    }

    /** @return the options of the change itself, the order included */
    public UpdateOptions updateOptions() {
        return update;
    }

    /** @return the projection of the returned document */
    public Projection projection() {
        return projection;
    }

    /** @return which version of the document is returned */
    public ReturnDocument returnDocument() {
        return returnDocument;
    }

    @Override
    public String toString() {
        return "FindAndModifyOptions[" + update + ", projection=" + projection + ", returnDocument=" + returnDocument
                + "]";
    }
}
