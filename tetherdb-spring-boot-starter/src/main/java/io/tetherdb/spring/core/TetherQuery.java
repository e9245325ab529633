package io.tetherdb.spring.core;

import java.time.Duration;
import java.util.Objects;

import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * A find for the {@link TetherOperations}: a compiled {@link Filter} in document field names,
 * a Spring Data {@link Sort} in entity property paths (mapped to fields when run), skip, limit and
 * an optional {@link Projection} in document field names, and an optional time limit
 * ({@link #maxTime(Duration)}). Built once and refined with the {@code with...} methods, each
 * returning a copy.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TetherQuery {

    private static final TetherQuery ALL = new TetherQuery(Filter.all(), Sort.unsorted(), 0, 0, null, null);

    private final Filter filter;

    private final Sort sort;

    private final long skip;

    private final int limit;

    private final Projection projection;

    private final Duration maxTime;

    private TetherQuery(Filter filter, Sort sort, long skip, int limit, Projection projection, Duration maxTime) {
        this.filter = filter;
        this.sort = sort;
        this.skip = skip;
        this.limit = limit;
        this.projection = projection;
        this.maxTime = maxTime;
    }

    /**
     * @param filter the filter; not null
     * @return a query for the documents the filter matches
     */
    public static TetherQuery of(Filter filter) {
        return new TetherQuery(Objects.requireNonNull(filter, "filter must not be null"), Sort.unsorted(), 0, 0,
                null, null);
    }

    /** @return a query for every document */
    public static TetherQuery all() {
        return ALL;
    }

    /**
     * @param sort the order to add after the current one; not null
     * @return a copy ordered by this query's sort, then by {@code sort}
     */
    public TetherQuery with(Sort sort) {
        Objects.requireNonNull(sort, "sort must not be null");
        return new TetherQuery(this.filter, this.sort.and(sort), this.skip, this.limit, this.projection, this.maxTime);
    }

    /**
     * @param pageable the page to read; not null ({@link Pageable#unpaged()} changes nothing but
     *        the sort)
     * @return a copy that reads only that page, in the page's order after this query's order
     */
    public TetherQuery with(Pageable pageable) {
        Objects.requireNonNull(pageable, "pageable must not be null");
        TetherQuery sorted = with(pageable.getSort());
        if (pageable.isUnpaged()) {
            return sorted;
        }
        return sorted.skip(pageable.getOffset()).limit(pageable.getPageSize());
    }

    /**
     * @param skip how many results to leave out first; not negative
     * @return a copy with that skip
     */
    public TetherQuery skip(long skip) {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative but was " + skip);
        }
        return new TetherQuery(this.filter, this.sort, skip, this.limit, this.projection, this.maxTime);
    }

    /**
     * @param limit most results to return; 0 for no limit; not negative
     * @return a copy with that limit
     */
    public TetherQuery limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        return new TetherQuery(this.filter, this.sort, this.skip, limit, this.projection, this.maxTime);
    }

    /**
     * @param projection the fields to read, in document field names; null for whole documents
     * @return a copy reading only those fields
     */
    public TetherQuery fields(Projection projection) {
        return new TetherQuery(this.filter, this.sort, this.skip, this.limit, projection, this.maxTime);
    }

    /**
     * Limits the time each operation run with this query may take: a find, a count, a delete
     * (finding the matches and deleting them together). One that runs longer fails with
     * {@link org.springframework.dao.QueryTimeoutException}.
     *
     * @param maxTime the limit; {@link Duration#ZERO} for none even when the store has a default
     *        ({@code tetherdb.query.max-time}); null for the store's default; not negative
     * @return a copy with that limit
     * @since 0.2
     */
    public TetherQuery maxTime(Duration maxTime) {
        if (maxTime != null && maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must not be negative but was " + maxTime);
        }
        return new TetherQuery(this.filter, this.sort, this.skip, this.limit, this.projection, maxTime);
    }

    /** @return the filter */
    public Filter getFilter() {
        return this.filter;
    }

    /** @return the order, in entity property paths; never null */
    public Sort getSort() {
        return this.sort;
    }

    /** @return how many results are left out first */
    public long getSkip() {
        return this.skip;
    }

    /** @return the most results returned, 0 for no limit */
    public int getLimit() {
        return this.limit;
    }

    /** @return the projection, or null for whole documents */
    public Projection getProjection() {
        return this.projection;
    }

    /**
     * @return the time limit, {@link Duration#ZERO} for none, or null for the store's default
     * @since 0.2
     */
    public Duration getMaxTime() {
        return this.maxTime;
    }

    @Override
    public String toString() {
        return "TetherQuery[" + this.filter + (this.sort.isSorted() ? " sort " + this.sort : "")
                + ((this.skip > 0) ? " skip " + this.skip : "") + ((this.limit > 0) ? " limit " + this.limit : "")
                + ((this.projection != null) ? " fields " + this.projection : "")
                + ((this.maxTime != null) ? " maxTime " + this.maxTime : "") + "]";
    }

}
