package io.tetherdb.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;

/**
 * A sort order over documents by one or more fields, each ascending or descending, with MongoDB's
 * semantics: values of different types sort in {@link ValueOrder}; a missing field sorts as null;
 * an array sorts by its smallest element when ascending and its largest when descending; an empty
 * array sorts before null. Documents that tie on every key compare as equal.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Sort implements Comparator<Map<String, ?>> {

    /**
     * One sort key: a field path and a direction.
     *
     * @param path the field's path; not null
     * @param ascending whether smaller values come first
     * @since 0.1
     */
    public record Key(DocumentPath path, boolean ascending) {

        /**
         * @param path the field's path; not null
         * @param ascending whether smaller values come first
         * @throws InvalidQueryException if the path is the root or a segment starts with {@code $}
         */
        public Key {
            Objects.requireNonNull(path, "path");
            if (path.isRoot()) {
                throw new InvalidQueryException("A sort key needs a field path");
            }
            for (String segment : path.segments()) {
                if (segment.startsWith("$")) {
                    // as in filters: no stored field has such a name, and $meta and other operators
                    // have no meaning in a sort
                    throw new InvalidQueryException("Invalid sort field '" + path
                            + "': a field name may not start with '$'");
                }
            }
        }

        /**
         * @param field dotted path; not null
         * @return an ascending key
         */
        public static Key ascending(String field) {
            return new Key(Sort.path(field), true);
        }

        /**
         * @param field dotted path; not null
         * @return a descending key
         */
        public static Key descending(String field) {
            return new Key(Sort.path(field), false);
        }
    }

    private static final Sort UNSORTED = new Sort(List.of());

    // Sort key of an empty array: below null, as in MongoDB.
    private static final Object EMPTY_ARRAY = new Object();

    private final List<Key> keys;

    private Sort(List<Key> keys) {
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (keys.get(i).path().equals(keys.get(j).path())) {
                    throw new InvalidQueryException("Sort names the field '" + keys.get(i).path() + "' twice");
                }
            }
        }
        this.keys = List.copyOf(keys);
    }

    /** @return the order that keeps documents as they come (no keys) */
    public static Sort unsorted() {
        return UNSORTED;
    }

    /**
     * @param fields dotted paths, most significant first; not null
     * @return a sort ascending by each field
     */
    public static Sort ascending(String... fields) {
        return by(true, fields);
    }

    /**
     * @param fields dotted paths, most significant first; not null
     * @return a sort descending by each field
     */
    public static Sort descending(String... fields) {
        return by(false, fields);
    }

    private static Sort by(boolean ascending, String... fields) {
        List<Key> keys = new ArrayList<>();
        for (String field : fields) {
            keys.add(new Key(path(field), ascending));
        }
        return new Sort(keys);
    }

    /**
     * @param keys the keys, most significant first; not null
     * @return a sort by those keys
     */
    public static Sort by(Key... keys) {
        return new Sort(List.of(keys));
    }

    /**
     * @param field dotted path; not null
     * @return this sort with an ascending key appended
     */
    public Sort thenAscending(String field) {
        return then(Key.ascending(field));
    }

    /**
     * @param field dotted path; not null
     * @return this sort with a descending key appended
     */
    public Sort thenDescending(String field) {
        return then(Key.descending(field));
    }

    /**
     * @param key the key to append; not null
     * @return this sort with the key appended
     */
    public Sort then(Key key) {
        List<Key> longer = new ArrayList<>(keys);
        longer.add(Objects.requireNonNull(key, "key"));
        return new Sort(longer);
    }

    /**
     * Parses a sort specification such as {@code {age: -1, name: 1}}.
     *
     * @param json relaxed JSON text of one object; not null
     * @return the sort
     * @throws InvalidQueryException if the text is malformed (with its position), names a field
     *         twice, names a field starting with {@code $}, or a direction is not 1 or -1
     */
    public static Sort parse(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return of(Json.parseDocumentWithUniqueKeys(json));
        } catch (MalformedJsonException e) {
            throw new InvalidQueryException("Malformed sort: " + e.getMessage(), e);
        }
    }

    /**
     * @param specification field paths to 1 (ascending) or -1 (descending), most significant first;
     *        not null
     * @return the sort
     * @throws InvalidQueryException if a direction is not 1 or -1 or a path is invalid
     */
    public static Sort of(Map<String, ?> specification) {
        List<Key> keys = new ArrayList<>();
        for (Map.Entry<String, ?> e : specification.entrySet()) {
            Object direction = e.getValue();
            // exactly, so that a decimal such as 1.0000000000000000001 is no direction
            if (!(direction instanceof Number n)
                    || (ValueOrder.compareNumbers(n, 1) != 0 && ValueOrder.compareNumbers(n, -1) != 0)) {
                throw new InvalidQueryException("Sort direction for '" + e.getKey() + "' must be 1 or -1, not "
                        + Json.write(direction));
            }
            keys.add(new Key(path(e.getKey()), ValueOrder.compareNumbers(n, 1) == 0));
        }
        return keys.isEmpty() ? UNSORTED : new Sort(keys);
    }

    private static DocumentPath path(String field) {
        try {
            return DocumentPath.parse(Objects.requireNonNull(field, "field"));
        } catch (DocumentPath.InvalidPathException e) {
            throw new InvalidQueryException("Invalid sort field '" + field + "': " + e.getMessage(), e);
        }
    }

    /** @return the keys, most significant first; unmodifiable */
    public List<Key> keys() {
        return keys;
    }

    /** @return whether this sort has no keys */
    public boolean isUnsorted() {
        return keys.isEmpty();
    }

    /**
     * @param a a document; not null
     * @param b a document; not null
     * @return negative, zero or positive as {@code a} comes before, with or after {@code b}
     */
    @Override
    public int compare(Map<String, ?> a, Map<String, ?> b) {
        for (Key key : keys) {
            int c = compareKeys(sortKey(a, key), sortKey(b, key));
            if (c != 0) {
                return key.ascending() ? c : -c;
            }
        }
        return 0;
    }

    /**
     * Extracts the values a document sorts by, once, so that sorting many documents does not walk
     * their paths again on every comparison. Compare the results with {@link #compareSortKeys}.
     *
     * @param document a document; not null
     * @return the document's sort values, one per key
     */
    public Object[] sortKeys(Map<String, ?> document) {
        Object[] values = new Object[keys.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = sortKey(document, keys.get(i));
        }
        return values;
    }

    /**
     * @param a sort values from {@link #sortKeys}; not null
     * @param b sort values from {@link #sortKeys}; not null
     * @return negative, zero or positive as the document of {@code a} comes before, with or after
     *         that of {@code b}; the same as {@link #compare} on the documents
     */
    public int compareSortKeys(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = compareKeys(a[i], b[i]);
            if (c != 0) {
                return keys.get(i).ascending() ? c : -c;
            }
        }
        return 0;
    }

    private static int compareKeys(Object x, Object y) {
        if (x == EMPTY_ARRAY || y == EMPTY_ARRAY) {
            return x == y ? 0 : (x == EMPTY_ARRAY ? -1 : 1);
        }
        return ValueOrder.natural().compare(x, y);
    }

    /** The value a document sorts by for one key: the smallest (ascending) or largest candidate. */
    private static Object sortKey(Map<String, ?> document, Key key) {
        List<Object> best = new ArrayList<>(1);
        PathWalker.walkSortKeys(document, key.path(), new PathWalker.Visitor() {
            @Override
            public boolean present(Object value, boolean whole) {
                if (value instanceof Collection<?> array && !whole) {
                    if (array.isEmpty()) {
                        offer(EMPTY_ARRAY);
                    }
                    for (Object element : array) {
                        offer(element);
                    }
                } else {
                    offer(value);
                }
                return false;
            }

            @Override
            public boolean missing() {
                offer(null);
                return false;
            }

            private void offer(Object candidate) {
                if (best.isEmpty()) {
                    best.add(candidate);
                    return;
                }
                int c = compareKeys(candidate, best.get(0));
                if (key.ascending() ? c < 0 : c > 0) {
                    best.set(0, candidate);
                }
            }
        });
        return best.isEmpty() ? null : best.get(0);
    }

    /** @return this sort as a specification document, such as {@code {age: -1, name: 1}} */
    public Document toDocument() {
        Document document = new Document();
        for (Key key : keys) {
            document.put(key.path().toString(), key.ascending() ? 1 : -1);
        }
        return document;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Sort other && keys.equals(other.keys));
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        return "Sort" + toDocument().toJson();
    }
}
