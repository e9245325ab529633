package io.tetherdb.update;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;

/**
 * Options of {@code updateOne}, {@code updateMany} and {@code replaceOne}: whether to insert when
 * nothing matches (upsert), the array filters of {@code $[ident]} paths, a new expiry for the
 * changed documents (by default an update keeps each document's expiry, and an upserted document
 * never expires), the order that picks the one document {@code updateOne} changes, and a time limit.
 * Immutable: every method returns a new instance, checking its argument at once. Start from
 * {@link #defaults()}: {@code UpdateOptions.defaults().upsert(true)}. Thread-safe.
 *
 * @since 0.2
 */
public final class UpdateOptions {

    private static final UpdateOptions DEFAULTS = new UpdateOptions(false, Map.of(), List.of(), null, null,
            Sort.unsorted(), null);

    private final boolean upsert;
    private final Map<String, Filter> arrayFilters;
    private final List<Document> arrayFilterDocuments;
    private final Duration ttl;
    private final Instant expireAt;
    private final Sort sort;
    private final Duration maxTime;

    private UpdateOptions(boolean upsert, Map<String, Filter> arrayFilters, List<Document> arrayFilterDocuments,
            Duration ttl, Instant expireAt, Sort sort, Duration maxTime) {
        this.upsert = upsert;
        this.arrayFilters = arrayFilters;
        this.arrayFilterDocuments = arrayFilterDocuments;
        this.ttl = ttl;
        this.expireAt = expireAt;
        this.sort = sort;
        this.maxTime = maxTime;
    }

    /** @return no upsert, no array filters, expiry kept, no order, the store's time limit */
    public static UpdateOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param upsert whether to insert a document built from the filter's equality conditions and
     *        the update when no document matches
     * @return a copy with that setting
     */
    public UpdateOptions upsert(boolean upsert) {
        return new UpdateOptions(upsert, arrayFilters, arrayFilterDocuments, ttl, expireAt, sort, maxTime);
    }

    /**
     * Sets the array filters that {@code $[ident]} paths name: each is a filter over one
     * identifier, such as {@code {'elem.grade': {$gte: 85}}} for {@code grades.$[elem].mean}.
     *
     * @param filters the filters; not null, none null; each one's top-level fields must all start
     *        with the same identifier, and no two may share one
     * @return a copy with those filters
     * @throws InvalidUpdateException if a filter is invalid, names no identifier or several, or
     *         repeats another's
     */
    public UpdateOptions arrayFilters(List<? extends Map<String, ?>> filters) {
        Objects.requireNonNull(filters, "arrayFilters must not be null");
        Map<String, Filter> compiled = new LinkedHashMap<>();
        List<Document> documents = new ArrayList<>();
        for (Map<String, ?> filter : filters) {
            Objects.requireNonNull(filter, "arrayFilters must not contain null");
            Document document = (Document) Values.normalize(filter);
            Filter parsed;
            try {
                parsed = Filter.of(document);
            } catch (InvalidQueryException e) {
                throw new InvalidUpdateException("Invalid array filter " + document.toJson() + ": " + e.getMessage(), e);
            }
            String identifier = identifier(parsed, document);
            if (compiled.put(identifier, parsed) != null) {
                throw new InvalidUpdateException("Found multiple array filters with the same top-level field name '"
                        + identifier + "'");
            }
            documents.add(document);
        }
        return new UpdateOptions(upsert, Collections.unmodifiableMap(compiled), List.copyOf(documents), ttl, expireAt,
                sort, maxTime);
    }

    /**
     * As {@link #arrayFilters(List)}, with each filter as relaxed JSON.
     *
     * @param filters the filters, such as {@code "{'elem.grade': {$gte: 85}}"}; not null
     * @return a copy with those filters
     */
    public UpdateOptions arrayFilters(String... filters) {
        List<Map<String, ?>> parsed = new ArrayList<>();
        for (String filter : Objects.requireNonNull(filters, "arrayFilters must not be null")) {
            parsed.add(Filter.parse(Objects.requireNonNull(filter, "arrayFilters must not contain null")).toDocument());
        }
        return arrayFilters(parsed);
    }

    private static String identifier(Filter filter, Document document) {
        Set<String> heads = new java.util.LinkedHashSet<>();
        for (String field : filter.topLevelFields()) {
            int dot = field.indexOf('.');
            heads.add(dot < 0 ? field : field.substring(0, dot));
        }
        if (heads.size() != 1) {
            throw new InvalidUpdateException("Error parsing array filter " + document.toJson() + ": expected a single"
                    + " top-level field name (the identifier), found " + (heads.isEmpty() ? "none" : heads));
        }
        String identifier = heads.iterator().next();
        if (identifier.isEmpty() || identifier.charAt(0) < 'a' || identifier.charAt(0) > 'z'
                || !identifier.chars().allMatch(Character::isLetterOrDigit)) {
            throw new InvalidUpdateException("Error parsing array filter " + document.toJson() + ": the identifier '"
                    + identifier + "' must begin with a lowercase letter and hold only letters and digits");
        }
        return identifier;
    }

    /**
     * @param ttl how long each changed document lives from the moment of the update; not null; zero
     *        or negative writes it already expired
     * @return a copy that sets that expiry (replacing any expiry instant)
     */
    public UpdateOptions ttl(Duration ttl) {
        return new UpdateOptions(upsert, arrayFilters, arrayFilterDocuments,
                Objects.requireNonNull(ttl, "ttl must not be null"), null, sort, maxTime);
    }

    /**
     * @param instant when each changed document expires; not null
     * @return a copy that sets that expiry (replacing any time-to-live)
     */
    public UpdateOptions expireAt(Instant instant) {
        return new UpdateOptions(upsert, arrayFilters, arrayFilterDocuments, null,
                Objects.requireNonNull(instant, "expireAt must not be null"), sort, maxTime);
    }

    /**
     * @param sort which matching document {@code updateOne} and {@code replaceOne} change: the first
     *        in this order (as in MongoDB 8); not null; ignored by {@code updateMany}
     * @return a copy with that order
     */
    public UpdateOptions sort(Sort sort) {
        return new UpdateOptions(upsert, arrayFilters, arrayFilterDocuments, ttl, expireAt,
                Objects.requireNonNull(sort, "sort must not be null"), maxTime);
    }

    /**
     * @param sort the order as relaxed JSON, such as {@code "{priority: -1}"}; not null
     * @return a copy with that order
     */
    public UpdateOptions sort(String sort) {
        return sort(Sort.parse(Objects.requireNonNull(sort, "sort must not be null")));
    }

    /**
     * @param maxTime the time finding and changing the documents may take, in place of the store's
     *        {@code queryTimeout}; {@link Duration#ZERO} for none; not null, not negative
     * @return a copy with that limit
     */
    public UpdateOptions maxTime(Duration maxTime) {
        Objects.requireNonNull(maxTime, "maxTime must not be null");
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must not be negative but was " + maxTime);
        }
        return new UpdateOptions(upsert, arrayFilters, arrayFilterDocuments, ttl, expireAt, sort, maxTime);
    }

    /** @return whether to insert when nothing matches */
    public boolean isUpsert() {
        return upsert;
    }

    /** @return the array filters by identifier; unmodifiable */
    public Map<String, Filter> arrayFilters() {
        return arrayFilters;
    }

    /** @return the array filters as given, normalized; unmodifiable */
    public List<Document> arrayFilterDocuments() {
        return arrayFilterDocuments;
    }

    /** @return the time-to-live to set, or null */
    public Duration ttl() {
        return ttl;
    }

    /** @return the expiry instant to set, or null */
    public Instant expireAt() {
        return expireAt;
    }

    /** @return whether the options set a new expiry rather than keeping each document's */
    public boolean setsExpiry() {
        return ttl != null || expireAt != null;
    }

    /**
     * @param nowMillis the time of the write
     * @param currentMillis the document's current expiry in epoch millis, kept when none is set
     * @return the expiry the written document gets
     */
    public long expiresAtMillis(long nowMillis, long currentMillis) {
        // the rule of puts, so that an update and a put agree on every expiry
        return RecordFormat.expiryMillis(expireAt, ttl, nowMillis, currentMillis);
    }

    /** @return the order that picks the document of a single-document update */
    public Sort sort() {
        return sort;
    }

    /** @return the time limit, or null for the store's default */
    public Duration maxTime() {
        return maxTime;
    }

    @Override
    public String toString() {
        return "UpdateOptions[upsert=" + upsert + ", arrayFilters=" + arrayFilterDocuments + ", ttl=" + ttl
                + ", expireAt=" + expireAt + ", sort=" + sort + ", maxTime=" + maxTime + "]";
    }
}
