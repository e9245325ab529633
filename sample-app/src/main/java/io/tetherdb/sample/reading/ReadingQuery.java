package io.tetherdb.sample.reading;

import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;
import io.tetherdb.sample.web.InvalidRequestException;
import io.tetherdb.sample.web.Paging;

/**
 * A client's query over readings: a MongoDB-style filter, a sort and a page. The filter is only
 * ever compiled by {@link Filter}, so it can use query operators and nothing else; it is applied to
 * the {@code readings} collection alone. An expensive filter (a {@code $regex} that backtracks
 * for minutes, a scan of every reading) is not refused here: guessing from a pattern's text which
 * ones are slow is a game attackers win, so the store's time limit ({@code tetherdb.query.max-time})
 * stops whatever runs too long. Filter and sort are relaxed JSON (single quotes and unquoted field
 * names allowed), either as text or, in a JSON body, as objects.
 *
 * @param filter which readings
 * @param sort their order
 * @param paging which page
 * @since 0.1
 */
public record ReadingQuery(Filter filter, Sort sort, Paging paging) {

    private static final Set<String> BODY_FIELDS = Set.of("filter", "sort", "page", "size");

    /**
     * Reads a query from request parameters.
     *
     * @param filter filter text; null or blank for every reading
     * @param sort sort text; null or blank for most recent first
     * @param page zero-based page; null for the first
     * @param size page size; null for the default
     * @param limits the text length and page size limits; not null
     * @return the query
     * @throws InvalidQueryException if the filter or sort is invalid
     * @throws InvalidRequestException if a parameter is too long or out of range
     */
    public static ReadingQuery of(String filter, String sort, Integer page, Integer size, Limits limits) {
        return new ReadingQuery(parseFilter(filter, limits), parseSort(sort, limits),
                Paging.of(page, size, limits.maxPageSize()));
    }

    /**
     * Reads a query from a JSON body: {@code {"filter": {...}, "sort": {...}, "page": 0, "size": 50}},
     * every field optional; filter and sort may also be given as text.
     *
     * @param body the request body; null or blank for every reading
     * @param limits the text length and page size limits; not null
     * @return the query
     * @throws InvalidQueryException if the filter or sort is invalid
     * @throws InvalidRequestException if the body is malformed, has unknown fields, or values of
     *         the wrong type or out of range
     */
    public static ReadingQuery fromBody(String body, Limits limits) {
        if (body == null || body.isBlank()) {
            return of(null, null, null, null, limits);
        }
        checkLength("query body", body, limits);
        Document document;
        try {
            document = Json.parseDocument(body);
        }
        catch (MalformedJsonException ex) {
            throw new InvalidRequestException("Malformed query body: " + ex.getMessage());
        }
        for (String field : document.keySet()) {
            if (!BODY_FIELDS.contains(field)) {
                throw new InvalidRequestException("Unknown field '" + field + "' in the query body; known fields are "
                        + "filter, sort, page and size");
            }
        }
        Object filterValue = document.get("filter");
        Filter filter;
        if (filterValue == null) {
            filter = Filter.all();
        }
        else if (filterValue instanceof String text) {
            filter = parseFilter(text, limits);
        }
        else if (filterValue instanceof Document object) {
            filter = Filter.of(object);
        }
        else {
            throw new InvalidRequestException("filter must be a JSON object or a string but was "
                    + Json.write(filterValue));
        }
        Object sortValue = document.get("sort");
        Sort sort;
        if (sortValue == null) {
            sort = ReadingStore.RECENT_FIRST;
        }
        else if (sortValue instanceof String text) {
            sort = parseSort(text, limits);
        }
        else if (sortValue instanceof Document object) {
            sort = Sort.of(object);
        }
        else {
            throw new InvalidRequestException("sort must be a JSON object or a string but was " + Json.write(sortValue));
        }
        return new ReadingQuery(filter, sort,
                Paging.of(integer(document, "page"), integer(document, "size"), limits.maxPageSize()));
    }

    private static Integer integer(Document document, String field) {
        Object value = document.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer number) {
            return number;
        }
        throw new InvalidRequestException(field + " must be a whole number but was " + Json.write(value));
    }

    private static Filter parseFilter(String text, Limits limits) {
        if (text == null || text.isBlank()) {
            return Filter.all();
        }
        checkLength("filter", text, limits);
        Document filter;
        try {
            filter = Json.parseDocument(text);
        }
        catch (MalformedJsonException ex) {
            throw new InvalidQueryException("Malformed filter: " + ex.getMessage(), ex);
        }
        return Filter.of(filter);
    }

    private static Sort parseSort(String text, Limits limits) {
        if (text == null || text.isBlank()) {
            return ReadingStore.RECENT_FIRST;
        }
        checkLength("sort", text, limits);
        return Sort.parse(text);
    }

    private static void checkLength(String name, String text, Limits limits) {
        if (text.length() > limits.maxQueryLength()) {
            throw new InvalidRequestException(name + " is " + text.length() + " characters long; the limit is "
                    + limits.maxQueryLength());
        }
    }

    /**
     * Limits a query must stay within.
     *
     * @param maxQueryLength longest filter or sort text, in characters
     * @param maxPageSize largest page size
     */
    public record Limits(int maxQueryLength, int maxPageSize) {
    }
}
