package io.tetherdb.sample.web;

/**
 * One page of a result list: a zero-based page number and a page size.
 *
 * @param page zero-based page number, at least 0
 * @param size number of items per page, at least 1
 * @since 0.1
 */
public record Paging(int page, int size) {

    /** Page size used when a request gives none. */
    public static final int DEFAULT_SIZE = 50;

    /**
     * Checks paging parameters of a request.
     *
     * @param page zero-based page number; null for the first page
     * @param size page size; null for {@link #DEFAULT_SIZE} (or the maximum, if smaller)
     * @param maxSize largest page size accepted
     * @return the paging
     * @throws InvalidRequestException if the page is negative or the size is out of range
     */
    public static Paging of(Integer page, Integer size, int maxSize) {
        int p = (page != null) ? page : 0;
        int s = (size != null) ? size : Math.min(DEFAULT_SIZE, maxSize);
        if (p < 0) {
            throw new InvalidRequestException("page must be 0 or more but was " + p);
        }
        if (s < 1 || s > maxSize) {
            throw new InvalidRequestException("size must be between 1 and " + maxSize + " but was " + s);
        }
        return new Paging(p, s);
    }

    /** @return the number of items before this page */
    public long offset() {
        return (long) this.page * this.size;
    }
}
