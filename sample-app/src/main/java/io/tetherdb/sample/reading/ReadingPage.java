package io.tetherdb.sample.reading;

import java.util.List;

/**
 * One page of readings from a list or query.
 *
 * @param items the readings of this page, in the requested order
 * @param page zero-based page number
 * @param size requested page size
 * @param total number of readings matching, over all pages
 * @since 0.1
 */
public record ReadingPage(List<Reading> items, int page, int size, long total) {
}
