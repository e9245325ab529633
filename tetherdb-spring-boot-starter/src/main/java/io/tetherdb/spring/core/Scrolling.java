package io.tetherdb.spring.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Projection;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.OffsetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * Reads one {@link Window} of a query through any {@link TetherOperations}, so that every backend
 * scrolls alike. Offset positions skip; keyset positions turn the last seen sort values and
 * {@code _id} (always the final tie-break, so the order is total) into a filter: for sort keys
 * {@code a, b}, the documents after {@code (x, y, id)} are {@code a > x}, or {@code a = x and b > y},
 * or {@code a = x and b = y and _id > id}, with {@code <} for descending keys. Comparisons follow
 * the store's type bracketing, so a sort key should hold one type; {@code null} and missing values
 * sort first, and the filter places them so. Backward positions read the inverted order and
 * reverse the window. A window holds up to the query's limit (all matches if it has none); one
 * more document is read to tell whether another window follows. Stateless.
 */
final class Scrolling {

    private Scrolling() {
    }

    static Window<Document> window(TetherOperations operations, TetherQuery query, ScrollPosition position,
            Class<?> entityClass) {
        if (position == null) {
            throw new InvalidDataAccessApiUsageException("ScrollPosition must not be null; start with "
                    + "ScrollPosition.keyset() or ScrollPosition.offset()");
        }
        if (position instanceof OffsetScrollPosition offset) {
            return offsetWindow(operations, query, offset, entityClass);
        }
        if (position instanceof KeysetScrollPosition keyset) {
            return keysetWindow(operations, query, keyset, entityClass);
        }
        throw new InvalidDataAccessApiUsageException("Unsupported ScrollPosition " + position.getClass().getName());
    }

    private static Window<Document> offsetWindow(TetherOperations operations, TetherQuery query,
            OffsetScrollPosition position, Class<?> entityClass) {
        long start = position.isInitial() ? 0 : position.getOffset() + 1;
        TetherQuery sorted = withIdTieBreak(query, query.getSort(), operations, entityClass);
        int limit = query.getLimit();
        TetherQuery read = sorted.skip(query.getSkip() + start).limit(limit == 0 ? 0 : limit + 1);
        List<Document> documents = operations.findDocuments(read, entityClass);
        boolean hasNext = limit > 0 && documents.size() > limit;
        List<Document> content = hasNext ? new ArrayList<>(documents.subList(0, limit)) : documents;
        IntFunction<OffsetScrollPosition> positions = OffsetScrollPosition.positionFunction(start);
        return Window.from(content, positions, hasNext);
    }

    private static Window<Document> keysetWindow(TetherOperations operations, TetherQuery query,
            KeysetScrollPosition position, Class<?> entityClass) {
        boolean backward = position.scrollsBackward();
        List<Key> keys = keys(query.getSort(), operations, entityClass);
        Sort order = Sort.unsorted();
        for (Key key : keys) {
            boolean ascending = key.ascending() != backward;
            order = order.and(Sort.by(ascending ? Sort.Direction.ASC : Sort.Direction.DESC, key.property()));
        }
        Filter filter = query.getFilter();
        if (!position.isInitial()) {
            filter = Filters.and(filter, after(keys, position.getKeys(), backward, operations));
        }
        int limit = query.getLimit();
        TetherQuery read = TetherQuery.of(filter).with(order).limit(limit == 0 ? 0 : limit + 1)
            .fields(keeping(query.getProjection(), keys)).maxTime(query.getMaxTime());
        List<Document> documents = operations.findDocuments(read, entityClass);
        boolean hasNext = limit > 0 && documents.size() > limit;
        List<Document> content = new ArrayList<>(hasNext ? documents.subList(0, limit) : documents);
        if (backward) {
            Collections.reverse(content);
        }
        IntFunction<ScrollPosition> positions = (index) -> ScrollPosition.of(keysOf(content.get(index), keys),
                position.getDirection());
        return Window.from(content, positions, hasNext);
    }

    /**
     * A sort key: the property path as the query names it and the field path it is stored under.
     */
    private record Key(String property, String field, boolean ascending) {
    }

    /** @return the sort's keys, then {@code _id} ascending unless the sort already has it */
    private static List<Key> keys(Sort sort, TetherOperations operations, Class<?> entityClass) {
        List<Key> keys = new ArrayList<>();
        boolean hasId = false;
        for (Sort.Order order : sort) {
            String field = operations.getConverter().toFieldPath(entityClass, order.getProperty());
            keys.add(new Key(order.getProperty(), field, order.isAscending()));
            hasId |= field.equals(Document.ID);
        }
        if (!hasId) {
            keys.add(new Key(Document.ID, Document.ID, true));
        }
        return keys;
    }

    private static TetherQuery withIdTieBreak(TetherQuery query, Sort sort, TetherOperations operations,
            Class<?> entityClass) {
        for (Sort.Order order : sort) {
            if (operations.getConverter().toFieldPath(entityClass, order.getProperty()).equals(Document.ID)) {
                return query;
            }
        }
        return query.with(Sort.by(Document.ID));
    }

    /** @return the filter for the documents after (or, reading backward, before) the position */
    private static Filter after(List<Key> keys, Map<String, Object> position, boolean backward,
            TetherOperations operations) {
        List<Filter> branches = new ArrayList<>();
        List<Filter> equalSoFar = new ArrayList<>();
        for (Key key : keys) {
            // a position built by hand may hold entity values (an enum, a Date): compare their stored form
            Object value = operations.getConverter().toDocumentValue(valueAt(position, key));
            Filter beyond = beyond(key.field(), value, key.ascending() != backward);
            if (beyond != null) {
                List<Filter> branch = new ArrayList<>(equalSoFar);
                branch.add(beyond);
                branches.add(branch.size() == 1 ? branch.get(0) : Filters.and(branch.toArray(new Filter[0])));
            }
            equalSoFar.add(Filters.eq(key.field(), value));
        }
        return branches.size() == 1 ? branches.get(0) : Filters.or(branches.toArray(new Filter[0]));
    }

    private static Object valueAt(Map<String, Object> position, Key key) {
        if (position.containsKey(key.field())) {
            return position.get(key.field());
        }
        if (position.containsKey(key.property())) {
            return position.get(key.property());
        }
        throw new InvalidDataAccessApiUsageException("The keyset scroll position " + position + " has no value for '"
                + key.field() + "'; use a position taken from a window of the same query");
    }

    /**
     * @return the documents whose field sorts after the value in the given direction, or null if
     *         none can (null sorts first: nothing is before it)
     */
    private static Filter beyond(String field, Object value, boolean ascending) {
        if (value == null) {
            return ascending ? Filters.ne(field, null) : null;
        }
        if (ascending) {
            return Filters.gt(field, value);
        }
        // null and missing sort before every value, so reading descending they come after it
        return Filters.or(Filters.lt(field, value), Filters.eq(field, null));
    }

    /** @return the values of the keys in a document, by field path */
    private static Map<String, Object> keysOf(Document document, List<Key> keys) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys) {
            values.put(key.field(), fieldValue(document, key.field()));
        }
        return values;
    }

    private static Object fieldValue(Map<String, ?> document, String path) {
        Object current = document;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    /** @return the projection, widened to read the sort keys, which the positions are made of */
    private static Projection keeping(Projection projection, List<Key> keys) {
        if (projection == null) {
            return null;
        }
        Map<String, Object> specification = new LinkedHashMap<>(projection.toDocument());
        if (projection.isInclusion()) {
            for (Key key : keys) {
                specification.put(key.field(), 1);
            }
        }
        else {
            for (Key key : keys) {
                specification.remove(key.field());
            }
            if (specification.isEmpty()) {
                return null;
            }
        }
        return Projection.of(specification);
    }

}
